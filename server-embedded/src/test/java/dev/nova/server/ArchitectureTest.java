package dev.nova.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
