package dev.nova.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The contract knows nothing of servers, desktops, transports or stores. */
@AnalyzeClasses(packages = "dev.nova.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noOtherNovaModule = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.nova.server..", "dev.nova.desktop..")
            .because("shared-protocol is the bottom layer");

    @ArchTest
    static final ArchRule noFrameworks = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.javalin..", "javafx..", "io.lettuce..", "org.eclipse.jetty..", "org.java_websocket..")
            .because("the contract is usable by any client or server");

    @ArchTest
    static final ArchRule noConsoleOutput = noClasses()
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("library code logs through SLF4J, if at all");
}
