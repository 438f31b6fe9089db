package dev.nova.desktop.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/** Nodes that are there only while a condition holds: hidden ones take no room either. */
public final class Shown {
    private Shown() {}

    public static void when(ObservableValue<Boolean> condition, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(condition);
            n.managedProperty().bind(condition);
        }
    }

    /** Shows the nodes now, or hides them and gives their room away (for nodes redrawn by hand, as a cell's). */
    public static void set(boolean shown, Node... nodes) {
        for (Node n : nodes) {
            n.setVisible(shown);
            n.setManaged(shown);
        }
    }
}
