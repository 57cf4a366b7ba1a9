package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;

import dev.daxscope.scenario.Statement.Account;
import dev.daxscope.scenario.Statement.Driver;
import dev.daxscope.scenario.Syntax.NameKind;
import java.util.List;

/** Builds the administrator actions (scenario-language §4), {@code spawn} and the observations (§6). */
final class AdminStatements {
    private AdminStatements() {
    }

    static Statement read(Args a) throws ScenarioError {
        a.arity();
        String path = a.path(a.arg(0));
        return new Statement.Read(a.origin(), a.expectation(), path);
    }

    /** Raw: PATH and VALUE as written, VALUE quoted when it has spaces. */
    static Statement write(Args a) throws ScenarioError {
        List<Token> rest = a.positional;
        if (rest.size() != 2) {
            throw a.err(rest.size() < 2 ? ScenarioParser.endColumn(rest.isEmpty() ? List.of(a.verb) : rest)
                    : rest.get(2).column(), "usage is '" + a.syntax.usage() + "' (quote a VALUE with spaces)");
        }
        String path = a.path(rest.get(0));
        return new Statement.Write(a.origin(), a.expectation(), path, rest.get(1).text());
    }

    static Statement bind(Args a) throws ScenarioError {
        a.arity();
        Driver driver = driver(a);
        return new Statement.Bind(a.origin(), a.expectation(), a.arg(0).text(), driver);
    }

    static Statement unbind(Args a) throws ScenarioError {
        a.arity();
        Driver driver = driver(a);
        return new Statement.Unbind(a.origin(), a.expectation(), a.arg(0).text(), driver);
    }

    /** The second argument of bind/unbind, null when there is none. */
    private static Driver driver(Args a) throws ScenarioError {
        if (a.positional.size() < 2) {
            return null;
        }
        Driver d = Args.choice(Driver.class, a.arg(1).text());
        if (d == null) {
            throw a.err(a.arg(1).column(), "unknown driver '" + shown(a.arg(1).text()) + "' (device_dax, kmem or fsdev_dax)");
        }
        return d;
    }

    static Statement user(Args a) throws ScenarioError {
        a.arity();
        Account account = Args.choice(Account.class, a.arg(0).text());
        if (account == null) {
            throw a.err(a.arg(0).column(), "user must be root or nobody");
        }
        return new Statement.User(a.origin(), a.expectation(), account);
    }

    static Statement remove(Args a) throws ScenarioError {
        a.arity();
        if (!a.arg(0).text().equals("region")) {
            throw a.err(a.arg(0).column(), "usage is '" + a.syntax.usage() + "'");
        }
        String region = a.name(a.arg(1), NameKind.REGION);
        return new Statement.Remove(a.origin(), a.expectation(), region);
    }

    /** Raw: daxctl's own command line. */
    static Statement daxctl(Args a) throws ScenarioError {
        if (a.positional.isEmpty()) {
            throw a.err(a.verb.column() + 6, "usage is '" + a.syntax.usage() + "'");
        }
        return new Statement.Daxctl(a.origin(), a.expectation(), a.positional.stream().map(Token::text).toList());
    }

    static Statement poison(Args a) throws ScenarioError {
        String by = null;
        if (a.positional.size() == 3 && a.arg(1).text().equals("by")) {
            by = a.name(a.arg(2), NameKind.PROCESS);
        } else {
            a.arity();
        }
        long phys = a.integer(a.arg(0), false);
        return new Statement.Poison(a.origin(), a.expectation(), phys, by);
    }

    /** Raw: the narration, its tokens joined by one space. */
    static Statement say(Args a) throws ScenarioError {
        if (a.positional.isEmpty()) {
            throw a.err(a.verb.column() + 3, "usage is '" + a.syntax.usage() + "'");
        }
        String text = String.join(" ", a.positional.stream().map(Token::text).toList());
        return new Statement.Say(a.origin(), a.expectation(), text);
    }

    static Statement pause(Args a) throws ScenarioError {
        a.arity();
        return new Statement.Pause(a.origin(), a.expectation());
    }

    static Statement state(Args a) throws ScenarioError {
        a.arity();
        return new Statement.State(a.origin(), a.expectation());
    }

    static Statement check(Args a) throws ScenarioError {
        a.arity();
        return new Statement.Check(a.origin(), a.expectation());
    }

    static Statement spawn(Args a) throws ScenarioError {
        a.arity();
        Statement s = new Statement.Spawn(a.origin(), a.expectation(), a.arg(0).text());
        a.bind(a.arg(0), NameKind.PROCESS);
        return s;
    }

    /** {@code folio DEV pgoff=PGOFF} or {@code folio phys=ADDR} (then nothing else is read). */
    static Statement folio(Args a) throws ScenarioError {
        List<String> forms = a.syntax.forms();
        if (a.options.containsKey("phys")) {
            a.arity(0, 0, forms.get(1));
            long phys = a.size("phys");
            return new Statement.Folio(a.origin(), a.expectation(), null, 0, phys);
        }
        a.arity();
        a.requireOption("pgoff", forms.get(0));
        long pgoff = a.size("pgoff");
        return new Statement.Folio(a.origin(), a.expectation(), a.arg(0).text(), pgoff, null);
    }

    static Statement rss(Args a) throws ScenarioError {
        String process = observed(a);
        return new Statement.Rss(a.origin(), a.expectation(), process);
    }

    static Statement smaps(Args a) throws ScenarioError {
        String process = observed(a);
        Statement.Address address = a.address(a.arg(1));
        return new Statement.Smaps(a.origin(), a.expectation(), process, address);
    }

    static Statement mappings(Args a) throws ScenarioError {
        String process = observed(a);
        return new Statement.Mappings(a.origin(), a.expectation(), process);
    }

    static Statement signals(Args a) throws ScenarioError {
        String process = observed(a);
        return new Statement.Signals(a.origin(), a.expectation(), process);
    }

    /** The process an observation names first. */
    private static String observed(Args a) throws ScenarioError {
        a.arity();
        return a.name(a.arg(0), NameKind.PROCESS);
    }
}
