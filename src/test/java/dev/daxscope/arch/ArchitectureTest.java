package dev.daxscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.daxscope.source.DaxSource;

/** The layering of docs/developers.md: JavaFX only in ui; ui and serve see machines only through the source port; no cycles. */
@AnalyzeClasses(packages = "dev.daxscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule nonUiPackagesNeverTouchJavaFx = noClasses()
            .that().resideInAnyPackage("dev.daxscope.model..", "dev.daxscope.sim..", "dev.daxscope.linux..",
                    "dev.daxscope.scenario..", "dev.daxscope.cli..", "dev.daxscope.source..", "dev.daxscope.daxctl..",
                    "dev.daxscope.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("only the ui package may use JavaFX");

    @ArchTest
    static final ArchRule uiReachesDataOnlyThroughTheSourcePort = classes()
            .that().resideInAPackage("dev.daxscope.ui..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.daxscope.ui..", "dev.daxscope.model..",
                    "dev.daxscope.source", "dev.daxscope.source.open", "java..", "javax..", "javafx..", "org.controlsfx..",
                    "picocli..", "com.sun.javafx..")
            .because("the inspector talks to the DaxSource port only, and opens machines without naming their adapters");

    /** instanceof LinuxSource, SimulatedSource.demo(), a cast: each would make a view or the exporter depend on an adapter. */
    @ArchTest
    static final ArchRule noViewOrExporterNamesAnAdapter = noClasses()
            .that().resideInAnyPackage("dev.daxscope.ui..", "dev.daxscope.serve..")
            .should().dependOnClassesThat(DescribedPredicate.describe("implement DaxSource",
                    (JavaClass c) -> c.isAssignableTo(DaxSource.class) && !c.isEquivalentTo(DaxSource.class)))
            .because("what a view or the exporter needs of a machine belongs in the DaxSource port");

    @ArchTest
    static final ArchRule thePortKnowsNoAdapter = noClasses()
            .that().resideInAPackage("dev.daxscope.source")
            .should().dependOnClassesThat().resideInAnyPackage("dev.daxscope.source.sim..", "dev.daxscope.source.linux..",
                    "dev.daxscope.source.open..", "dev.daxscope.sim..", "dev.daxscope.linux..", "dev.daxscope.scenario..",
                    "dev.daxscope.daxctl..")
            .because("the port describes a machine; the adapters in source.sim and source.linux implement it");

    @ArchTest
    static final ArchRule watchRunsWorkloadsThroughThePort = noClasses()
            .that().resideInAPackage("dev.daxscope.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.daxscope.sim.fault..")
            .because("commands start workloads through DaxSource.workloads(), as the inspector does");

    @ArchTest
    static final ArchRule theInspectorViewModelKnowsNoSceneGraph = noClasses()
            .that().haveFullyQualifiedName("dev.daxscope.ui.InspectorViewModel")
            .or().haveFullyQualifiedName("dev.daxscope.ui.StatsHistory")
            .or().haveFullyQualifiedName("dev.daxscope.ui.BackgroundTasks")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "org.controlsfx..")
            .because("views bind to the view-model; the view-model holds state and is tested without a window");

    @ArchTest
    static final ArchRule modelIsPure = noClasses()
            .that().resideInAPackage("dev.daxscope.model..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "dev.daxscope.sim..",
                    "dev.daxscope.source..", "dev.daxscope.linux..")
            .because("model holds immutable snapshots and events, no I/O");

    @ArchTest
    static final ArchRule simulatorDoesNotKnowItsUsers = noClasses()
            .that().resideInAPackage("dev.daxscope.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.daxscope.source..", "dev.daxscope.scenario..",
                    "dev.daxscope.cli..", "dev.daxscope.ui..", "dev.daxscope.linux..", "dev.daxscope.daxctl..");

    @ArchTest
    static final ArchRule exporterReadsMachinesOnlyThroughTheSourcePort = classes()
            .that().resideInAPackage("dev.daxscope.serve..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.daxscope.serve..", "dev.daxscope.model..",
                    "dev.daxscope.source", "java..", "javax.net.ssl..", "io.prometheus.metrics..", "tools.jackson..",
                    "org.springframework.security.crypto.bcrypt..")
            .because("the exporter reads the machine through the DaxSource port and never writes it");

    @ArchTest
    static final ArchRule exporterNeverWrites = noClasses()
            .that().resideInAPackage("dev.daxscope.serve..")
            .should().callMethod(dev.daxscope.source.DaxSource.class, "write", String.class, String.class)
            .orShould().callMethod(dev.daxscope.source.DaxSource.class, "prober")
            .orShould().callMethod(dev.daxscope.source.DaxSource.class, "workloads")
            .because("daxscope serve is read-only whatever the machine");

    @ArchTest
    static final ArchRule onlyTheExporterSpeaksPrometheus = noClasses()
            .that().resideOutsideOfPackage("dev.daxscope.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("io.prometheus..")
            .because("the Prometheus client is an implementation detail of dev.daxscope.serve");

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices().matching("dev.daxscope.(*)..")
            .should().beFreeOfCycles();

    /** The simulator's subsystems get KernelState and their collaborators, never the Kernel facade. */
    @ArchTest
    static final ArchRule simulatorSubsystemsNeverReachTheFacade = noClasses()
            .that().resideInAnyPackage("dev.daxscope.sim.lib..", "dev.daxscope.sim.dax..", "dev.daxscope.sim.kmem..",
                    "dev.daxscope.sim.state..", "dev.daxscope.sim.mm..", "dev.daxscope.sim.drivers..",
                    "dev.daxscope.sim.sysfs..")
            .should().dependOnClassesThat().resideInAPackage("dev.daxscope.sim")
            .because("a subsystem that calls back through Kernel is the cycle this layering removed");

    /** Every package, sub-packages included: the simulator's layers (lib, dax, mm, drivers, sysfs, Kernel) point one way. */
    @ArchTest
    static final ArchRule noCyclesBetweenAnyPackages = slices().matching("dev.daxscope.(**)")
            .should().beFreeOfCycles();
}
