package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person shrinks a bound device: the edit is refused, the field keeps the size the device
 * has, the refusal offers the unbind one click away; then a previewed resize is applied, and
 * Enter in the field stays in the field (issue 15: a dead end, and Enter opened the Source menu).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ResizeJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void resizeABoundDeviceRefusedThenUnbindPreviewAndApply(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        TestStages.settle(window);
        var size = window.properties().editor("size");
        assertThat(size.getText()).isEqualTo("2147483648");

        robot.doubleClickOn(size).eraseText(12).write("1073741824").type(KeyCode.ENTER);
        TestStages.settle(window);
        assertThat(window.properties().problemText()).contains("EBUSY").contains("unbind it");
        assertThat(size.getText()).as("the refused value does not stay").isEqualTo("2147483648");
        assertThat(window.properties().fixButton().isVisible()).isTrue();
        assertThat(window.properties().fixButton().getText()).isEqualTo("Disable dax0.1 (unbind)");
        assertThat(window.sourceControls().sourceMenu().isShowing()).isFalse();

        robot.interact(() -> window.properties().fixButton().fire());
        // dax0.1 is mapped: the unbind asks first, naming who maps it.
        robot.clickOn("OK");
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().bound()).isFalse();
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.1 ") && l.contains("[unbound]"));
        assertThat(window.properties().problemShown()).isFalse();

        var resize = window.whatIf().sizeField();
        robot.clickOn(resize).write("1073741824");
        robot.interact(() -> window.whatIf().previewButton().fire());
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("Would succeed");
        assertThat(source.snapshot().device("dax0.1").orElseThrow().size()).as("a preview changes nothing").isEqualTo(2L << 30);
        assertThat(window.whatIf().applyButton().isDisabled()).isFalse();
        robot.interact(() -> window.whatIf().applyButton().fire());
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().size()).isEqualTo(1L << 30);
        assertThat(window.properties().values()).containsEntry("size", "1073741824");

        // An accepted edit: the field keeps the focus, and another Enter stays there.
        var field = window.properties().editor("size");
        robot.doubleClickOn(field).eraseText(12).write("536870912").type(KeyCode.ENTER);
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().size()).isEqualTo(512L << 20);
        robot.type(KeyCode.ENTER);
        TestStages.settle(window);
        assertThat(window.sourceControls().sourceMenu().isShowing()).as("Enter does not open the Source menu").isFalse();
        assertThat(window.source()).isSameAs(source);
        assertThat(window.properties().editor("size").isFocused()).isTrue();
    }

    /** A preview answers for the device as it is now: after an unbind, the EBUSY it showed is replaced. */
    @Test
    void aPreviewFollowsTheDeviceItDescribes(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        TestStages.settle(window);
        robot.clickOn(window.whatIf().sizeField()).write("1073741824");
        robot.interact(() -> window.whatIf().previewButton().fire());
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("Would fail: EBUSY");
        assertThat(window.whatIf().applyButton().isDisabled()).isTrue();

        robot.interact(() -> window.model().daxctl("disable dax0.1", java.util.List.of("disable-device", "dax0.1")));
        TestStages.settle(window);
        TestStages.settle(window); // the preview the unbind started
        assertThat(source.snapshot().device("dax0.1").orElseThrow().bound()).isFalse();
        assertThat(window.whatIf().text()).doesNotContain("EBUSY").contains("Would succeed");
        assertThat(window.whatIf().applyButton().isDisabled()).isFalse();
    }
}
