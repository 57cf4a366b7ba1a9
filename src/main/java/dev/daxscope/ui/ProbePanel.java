package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.ProbeReport;
import dev.daxscope.source.DaxSource;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Probe mode in the inspector: on a real machine opened with --allow-write, map the selected
 * device and touch a few pages, after the user confirmed it in a dialog. The probe runs off the
 * FX thread; a SIGBUS shows as that page's result.
 */
final class ProbePanel extends VBox {
    private final Supplier<DaxSource> source;
    private final Label what = new Label();
    private final CheckBox store = new CheckBox("store");
    private final Button probe = new Button("Probe…");
    private final Label result = new Label();
    private DeviceInfo device;
    private Alert confirmation;

    ProbePanel(Supplier<DaxSource> source, Label header) {
        this.source = source;
        what.setWrapText(true);
        result.getStyleClass().add("probe-result");
        probe.setTooltip(new Tooltip("Map the device and touch its first pages; asks before it does"));
        probe.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        store.setTooltip(new Tooltip("Store to the pages instead of loading from them: this changes the device's contents"));
        result.setWrapText(true);
        probe.setOnAction(e -> confirm());
        getChildren().addAll(header, what, new HBox(8, probe, store), result);
        setSpacing(6);
        setPadding(new Insets(0, 10, 10, 10));
        show(null);
    }

    /** The mapping a probe of {@code d} makes: at least 2 MiB and two folios, a whole number of folios. */
    static long length(DeviceInfo d) {
        long align = Math.max(4096, d.align());
        return Math.max(2L << 20, 2 * align) / align * align;
    }

    static int pages(DeviceInfo d) {
        return (int) Math.min(4, length(d) / Math.max(4096, d.align()));
    }

    /** Shows the panel for {@code d} when the source can probe it; hides it otherwise. */
    void show(DeviceInfo d) {
        device = d;
        boolean can = d != null && d.bound() && d.driver() == DriverKind.DEVICE_DAX && source.get().prober().isPresent();
        setVisible(can);
        setManaged(can);
        result.setText("");
        if (can) {
            what.setText("Map " + source.get().prober().orElseThrow().devicePath(d.name()) + " (" + Format.size(length(d))
                    + ") and touch " + pages(d) + " pages " + Format.size(Math.max(4096, d.align())) + " apart.");
        }
    }

    /** Asks first: touching device memory changes the machine. The answer arrives without blocking the FX thread. */
    void confirm() {
        DeviceInfo d = device;
        DaxSource.Prober prober = source.get().prober().orElseThrow();
        confirmation = new Alert(Alert.AlertType.CONFIRMATION);
        confirmation.setTitle("Probe " + d.name());
        confirmation.setHeaderText("Touch device memory on " + source.get().name() + "?");
        confirmation.setContentText("daxscope will map " + prober.devicePath(d.name()) + " and " + (store.isSelected()
                ? "store to" : "load from") + " " + pages(d) + " pages. They fault in and stay mapped until the probe "
                + "unmaps them" + (store.isSelected() ? "; the stores change the device's contents" : "")
                + ". The probe is recorded in the audit log.");
        if (getScene() != null) {
            confirmation.initOwner(getScene().getWindow());
        }
        confirmation.setOnHidden(e -> {
            if (confirmation.getResult() == ButtonType.OK) {
                run(prober, d, store.isSelected());
            }
        });
        confirmation.show();
    }

    private void run(DaxSource.Prober prober, DeviceInfo d, boolean write) {
        probe.setDisable(true);
        result.setText("probing " + d.name() + " …");
        long length = length(d);
        Thread.ofVirtual().name("daxscope-probe").start(() -> {
            ProbeReport r = prober.probe(d.name(), length, Math.max(4096, d.align()), pages(d), write);
            Platform.runLater(() -> {
                probe.setDisable(false);
                result.setText(r.mapping().isOk() ? "mapped at " + Format.hex(r.address()) + "\n" + String.join("\n",
                        r.pages().stream().map(ProbePanel::describe).toList())
                        + (r.signalled() ? "\nA touch raised a signal: the JVM caught it and goes on." : "")
                        + (r.accounting().describe().isEmpty() ? "" : "\n" + r.accounting().describe())
                        : "Probe failed: " + r.mapping());
            });
        });
    }

    /** One touched page in a line: "+0x1000  ok  present  resident  pfn 0x1234  kpagecount 2". */
    static String describe(ProbeReport.Page p) {
        return "+" + Format.hex(p.offset()) + "  " + p.access().token() + "  " + (p.present() ? "present" : "not present")
                + "  " + (p.resident() ? "resident" : "not resident") + "  pfn " + (p.pfnHidden() ? "hidden (needs root)"
                : p.present() ? Format.hex(p.pfn()) : "-") + (p.present() ? "  " + p.counters() : "");
    }

    Button probeButton() {
        return probe;
    }

    String resultText() {
        return result.getText();
    }
}
