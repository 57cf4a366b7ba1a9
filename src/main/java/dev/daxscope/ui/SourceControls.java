package dev.daxscope.ui;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.open.Machines;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The toolbar's source controls: which machine is shown (simulated, this machine, a snapshot),
 * which kernel the simulator follows, and how often the views sample it. Each choice is handed
 * to the view-model, which opens sources off the FX thread.
 */
final class SourceControls {
    private final MenuButton sourceMenu = new MenuButton();
    private final ComboBox<KernelProfile> profile = new ComboBox<>();
    private final Label realMachine = new Label();
    private final StackPane kernelControl = new StackPane(profile, realMachine);
    private final ComboBox<Long> interval = new ComboBox<>();
    /** Set while {@link #show} updates the controls, so that does not count as the user's choice. */
    private boolean showing;

    SourceControls(InspectorViewModel model, Supplier<javafx.stage.Window> window) {
        sourceMenu.setMnemonicParsing(false);
        sourceMenu.setTooltip(new Tooltip("Where the data comes from: the simulated kernel, this machine, or a snapshot"));
        MenuItem demo = new MenuItem("Simulated demo machine");
        demo.setOnAction(e -> model.openDemo());
        MenuItem script = new MenuItem("Simulated machine from a .dax script…");
        script.setOnAction(e -> choose(window.get(), new FileChooser.ExtensionFilter("daxscope scenarios", "*.dax"))
                .ifPresent(p -> model.open(p.toString(), () -> Machines.machineFile(p))));
        MenuItem machine = new MenuItem("This machine (/sys, read-only)");
        machine.setOnAction(e -> model.open("this machine", Machines::thisMachine));
        MenuItem snapshotDir = new MenuItem("Snapshot directory…");
        snapshotDir.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(window.get());
            if (dir != null) {
                model.open(dir.toString(), () -> Machines.snapshot(dir.toPath()));
            }
        });
        MenuItem snapshotFile = new MenuItem("Snapshot archive (.tar.gz)…");
        snapshotFile.setOnAction(e -> choose(window.get(), new FileChooser.ExtensionFilter("daxscope captures", "*.tar.gz",
                "*.tgz")).ifPresent(p -> model.open(p.toString(), () -> Machines.snapshot(p))));
        sourceMenu.getItems().addAll(demo, script, new SeparatorMenuItem(), machine, snapshotDir, snapshotFile);

        profile.getItems().addAll(KernelProfile.values());
        profile.setConverter(new StringConverter<>() {
            @Override
            public String toString(KernelProfile p) {
                return p == null ? "" : "Kernel " + p.version() + (p.isPre615() ? "  (pre-6.15: no per-mapping refs)"
                        : p.quirks615() ? "  (per-mapping refs, 6.15 quirks)" : "  (per-mapping folio refs)");
            }

            @Override
            public KernelProfile fromString(String s) {
                return null;
            }
        });
        // The closed box says only the version; the list explains each profile.
        profile.setPrefWidth(140);
        profile.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(KernelProfile p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? "" : "Kernel " + p.version());
            }
        });
        profile.setTooltip(new Tooltip("The kernel whose device-DAX rules the simulator follows. Choosing another"
                + " replays this machine under it: compare refcounts before and after 6.15."));
        profile.setOnAction(e -> {
            if (!showing && profile.getValue() != null) {
                model.chooseKernel(profile.getValue());
            }
        });
        realMachine.setTooltip(new Tooltip("Read from sysfs and procfs; folio refcounts of device memory are not"
                + " visible from user space"));

        interval.getItems().addAll(UiPreferences.REFRESH_CHOICES);
        interval.setMinWidth(ComboBox.USE_PREF_SIZE);
        interval.setValue(model.refreshMillisProperty().get());
        interval.setConverter(new StringConverter<>() {
            @Override
            public String toString(Long ms) {
                return ms == null ? "" : "Refresh " + (ms < 1000 ? ms + " ms" : ms / 1000 + " s");
            }

            @Override
            public Long fromString(String s) {
                return null;
            }
        });
        interval.setTooltip(new Tooltip("How often the tree, processes, fault log, stats and a real machine's files are"
                + " read again (the page map still paints every frame)"));
        interval.setOnAction(e -> model.refreshMillisProperty().set(interval.getValue()));
        model.transitionProperty().addListener((o, a, t) -> show(t.source()));
        show(model.source());
    }

    private static java.util.Optional<Path> choose(javafx.stage.Window window, FileChooser.ExtensionFilter filter) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(filter);
        return java.util.Optional.ofNullable(chooser.showOpenDialog(window)).map(File::toPath);
    }

    /** Updates the controls to {@code source}: its name, and a profile choice only where it can change. */
    void show(DaxSource source) {
        showing = true;
        try {
            sourceMenu.setText("Source: " + source.name());
            boolean simulated = source.simulated();
            profile.setVisible(simulated);
            profile.setManaged(simulated);
            profile.setValue(simulated ? source.snapshot().kernel() : null);
            realMachine.setVisible(!simulated);
            realMachine.setManaged(!simulated);
            realMachine.setText("Real machine · " + (source.writable() ? "writes allowed (audited)" : "read-only"));
        } finally {
            showing = false;
        }
    }

    MenuButton sourceMenu() {
        return sourceMenu;
    }

    javafx.scene.Node kernelControl() {
        return kernelControl;
    }

    ComboBox<Long> interval() {
        return interval;
    }

    ComboBox<KernelProfile> profile() {
        return profile;
    }
}
