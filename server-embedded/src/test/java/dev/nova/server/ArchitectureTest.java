package dev.nova.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.nova.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule serverNeverUsesJavaFx = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the server runs headless as a team server");

    @ArchTest
    static final ArchRule serverNeverUsesTheDesktopApp = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.nova.desktop..")
            .because("dependencies point app-desktop -> server-embedded, never back");

    @ArchTest
    static final ArchRule libraryCodeLogsThroughSlf4j = noClasses()
            .that().resideOutsideOfPackage("dev.nova.server.cli..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("logging goes through SLF4J; only the command line prints");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.nova.server.(*)..").should().beFreeOfCycles()
            .because("the server's packages point one way: features on the transport and the ports,"
                    + " adapters on the ports, everything put together in one place (NovaServer)");

    /** The server's features: what the composition root plugs into the transport. */
    private static final String[] FEATURES = {"dev.nova.server.agent..", "dev.nova.server.auth..",
            "dev.nova.server.board..", "dev.nova.server.channel..", "dev.nova.server.chat..", "dev.nova.server.llm..",
            "dev.nova.server.retention..", "dev.nova.server.task..", "dev.nova.server.http..", "dev.nova.server.cli..",
            "dev.nova.server.example..", "dev.nova.server.tools..", "dev.nova.server.mcpserver.."};

    @ArchTest
    static final ArchRule theTransportKnowsNoFeature = noClasses().that().resideInAPackage("dev.nova.server.ws..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAnyPackage("dev.nova.server.store..", "dev.nova.server.bus..",
                    "dev.nova.server.sqlite..", "dev.nova.server.redis..")
            .because("ws is the hub (connections, admission, heartbeat, writers, dispatch by type); the root plugs"
                    + " the features in");

    @ArchTest
    static final ArchRule featuresSeeAClientNotTheSocket = noClasses().that().resideInAnyPackage(
                    "dev.nova.server.agent..", "dev.nova.server.board..", "dev.nova.server.channel..",
                    "dev.nova.server.chat..", "dev.nova.server.llm..", "dev.nova.server.retention..",
                    "dev.nova.server.task..", "dev.nova.server.tools..", "dev.nova.server.mcpserver..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.nova.server.ws.Connection")
            .because("features need who sent a frame and how to answer (ws.Client), not the transport's connection");

    @ArchTest
    static final ArchRule portsKnowNoAdapter = noClasses().that().resideInAnyPackage("dev.nova.server.store..",
                    "dev.nova.server.bus..", "dev.nova.server.task..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.nova.server.sqlite..", "dev.nova.server.redis..",
                    "io.lettuce..", "java.sql..")
            .because("the ports are what a feature may use; SQLite and Redis live behind them");

    @ArchTest
    static final ArchRule onlyTheRootKnowsTheAdapters = noClasses().that().resideInAnyPackage(
                    "dev.nova.server.agent..", "dev.nova.server.board..", "dev.nova.server.channel..",
                    "dev.nova.server.chat..", "dev.nova.server.llm..", "dev.nova.server.retention..",
                    "dev.nova.server.auth..", "dev.nova.server.ws..", "dev.nova.server.http..", "dev.nova.server.tools..",
                    "dev.nova.server.mcpserver..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.nova.server.sqlite..", "dev.nova.server.redis..")
            .because("which store a server runs on is decided once, where it is put together");
}
