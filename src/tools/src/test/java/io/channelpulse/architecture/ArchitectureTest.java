package io.channelpulse.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries, as rules over packages: {@code core} (model, serde, config) is below
 * everything; the Flink job and the gateway depend only on core; the tools sit on top. The jar
 * contents test proves what each shipped jar holds; these rules keep the source from drifting.
 */
@AnalyzeClasses(packages = "io.channelpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String[] CORE = {"io.channelpulse.model..", "io.channelpulse.serde..", "io.channelpulse.config.."};
    static final String[] JOB = {"io.channelpulse.job..", "io.channelpulse.detect..", "io.channelpulse.kpi..",
        "io.channelpulse.kafka.."};
    static final String GATEWAY = "io.channelpulse.gateway..";
    static final String BROKER = "io.channelpulse.broker..";
    static final String[] TOOLS = {"io.channelpulse.cli..", "io.channelpulse.sim..", "io.channelpulse.replay..", "io.channelpulse.bench.."};

    @ArchTest
    static final ArchRule modulesDependOnlyDownward = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("core").definedBy(CORE)
            .layer("job").definedBy(JOB)
            .layer("gateway").definedBy(GATEWAY)
            .layer("broker").definedBy(BROKER)
            .layer("tools").definedBy(TOOLS)
            .whereLayer("tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("job").mayOnlyBeAccessedByLayers("tools")
            .whereLayer("gateway").mayOnlyBeAccessedByLayers("tools")
            .whereLayer("broker").mayOnlyBeAccessedByLayers("tools")
            .whereLayer("core").mayOnlyBeAccessedByLayers("job", "gateway", "tools");

    @ArchTest
    static final ArchRule coreHasNoEngineNoClientsNoWebLayer = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.flink..", "org.apache.kafka..", "kafka..", "io.javalin..", "io.micrometer..",
                    "org.eclipse.jetty..")
            .because("core is shared by the job, the gateway and the tools, and ships in each");

    @ArchTest
    static final ArchRule gatewayHasNoFlinkAndNoBroker = noClasses().that().resideInAPackage(GATEWAY)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.flink..", "kafka..", "org.apache.kafka.raft..", "org.apache.kafka.controller..",
                    "org.apache.kafka.metadata..", "scala..")
            .because("the gateway ships alone, in a small image, next to a Kafka cluster it does not run");

    @ArchTest
    static final ArchRule jobHasNoBroker = noClasses().that().resideInAnyPackage(JOB)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "kafka..", "org.apache.kafka.raft..", "org.apache.kafka.controller..", "scala..",
                    "org.apache.flink.runtime.minicluster..")
            .because("the job jar runs on a Flink cluster against a Kafka cluster");

    @ArchTest
    static final ArchRule topologyDoesNotKnowItsConnectors = noClasses()
            .that().resideInAnyPackage("io.channelpulse.job..", "io.channelpulse.detect..", "io.channelpulse.kpi..")
            .should().dependOnClassesThat().resideInAPackage("io.channelpulse.kafka..")
            .because("the topology is a function: Kafka, replay files and tests plug sources and sinks into it");

    /**
     * Within core, {@code serde} reads its bounds from {@code config} (the {@code input.*} keys) and
     * {@code config} names its topics after the contract's streams; both ship together in core, so
     * that one pair is allowed. Every other cycle is an error.
     */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.channelpulse.(*)..").should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage("io.channelpulse.serde.."), resideInAPackage("io.channelpulse.config.."));
}
