package dev.nova.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.nova.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule theNetworkClientKnowsNoJavaFx = noClasses()
            .that().resideInAPackage("dev.nova.desktop.net..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the WebSocket client is tested alone, without a screen");

    @ArchTest
    static final ArchRule viewModelsNeverTouchNodes = noClasses()
            .that().resideInAnyPackage("dev.nova.desktop.chat..", "dev.nova.desktop.board..", "dev.nova.desktop.sidebar..")
            .and().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..")
            .because("view models hold state and logic only; views bind to them (MVVM)");

    @ArchTest
    static final ArchRule noConsoleOutput = noClasses()
            .that().doNotHaveSimpleName("Launcher")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("logging goes through SLF4J");
}
