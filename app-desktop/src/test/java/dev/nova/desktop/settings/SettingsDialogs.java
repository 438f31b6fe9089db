package dev.nova.desktop.settings;

/** The Settings dialog's form for window tests in other packages. */
public final class SettingsDialogs {
    private SettingsDialogs() {}

    public static javafx.scene.layout.GridPane form(SettingsViewModel vm) {
        return SettingsDialog.form(vm);
    }
}
