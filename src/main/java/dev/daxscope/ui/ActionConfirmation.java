package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/**
 * Asks before a device command when it matters: always on a real machine (nothing is written
 * before the person says so), and whenever it takes device_dax away from a device processes map,
 * naming who maps it (their next access gets SIGBUS). Cancel changes nothing.
 */
final class ActionConfirmation {
    private ActionConfirmation() {
    }

    /** Runs {@code go} now, or once the person answers {@code question} with OK; a cancel never runs it. */
    static void confirmThen(Node owner, InspectorViewModel model, String question, List<String> args, String explanation,
                            Runnable go) {
        String device = args.getLast();
        List<String> mappers = unbindsDeviceDax(model.snapshot(), args) ? mappers(model.snapshot(), device) : List.of();
        boolean real = !model.source().simulated();
        if (!real && mappers.isEmpty()) {
            go.run();
            return;
        }
        StringBuilder text = new StringBuilder();
        if (!mappers.isEmpty()) {
            text.append(device).append(" is mapped by ").append(String.join(", ", mappers)).append(".\nTaking device_dax"
                    + " away zaps their mappings: their next access to it gets SIGBUS.\n\n");
        }
        text.append(explanation).append('.');
        if (real) {
            text.append("\n\nThis writes to ").append(model.source().name()).append(" (audited): daxctl ")
                    .append(String.join(" ", args));
        }
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, text.toString(), ButtonType.OK, ButtonType.CANCEL);
        confirm.setHeaderText(question);
        if (owner.getScene() != null) {
            confirm.initOwner(owner.getScene().getWindow());
        }
        // Not showAndWait: the answer arrives as an event, so nothing waits inside a nested loop.
        confirm.resultProperty().addListener((o, was, answer) -> {
            if (ButtonType.OK.equals(answer)) {
                go.run();
            }
        });
        confirm.show();
    }

    /** Whether {@code args} unbind device_dax from a device bound to it (disable, or reconfigure to system-ram or famfs). */
    static boolean unbindsDeviceDax(MachineSnapshot snap, List<String> args) {
        boolean unbinding = args.getFirst().equals("disable-device") || args.getFirst().equals("reconfigure-device")
                && (args.contains("system-ram") || args.contains("famfs"));
        return unbinding && snap.device(args.getLast()).map(d -> d.driver() == DriverKind.DEVICE_DAX).orElse(false);
    }

    /** "demo-app (pid 101)" for each live process with a mapping of {@code device}. */
    static List<String> mappers(MachineSnapshot snap, String device) {
        return snap.processes().stream().filter(MachineSnapshot.ProcessInfo::alive)
                .filter(p -> p.vmas().stream().anyMatch(v -> v.device().equals(device)))
                .map(p -> p.name() + " (pid " + p.pid() + ")").toList();
    }
}
