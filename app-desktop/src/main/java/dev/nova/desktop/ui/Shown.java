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
}
