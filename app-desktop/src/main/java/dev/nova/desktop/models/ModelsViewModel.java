package dev.nova.desktop.models;

import dev.nova.desktop.net.Outgoing;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.protocol.ServerMessage.ModelStatus;
import dev.nova.protocol.ServerMessage.Models;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The model server's models as the server reports them ({@code models}): each with its state,
 * size, quantization and context; loading one with its progress ({@code model_status}) and
 * unloading. {@link #names()} are the chat models' keys, for the model pickers.
 */
public final class ModelsViewModel {
    private final Outgoing out;
    private final UiExecutor ui;
    private final ObservableList<ModelInfo> models = FXCollections.observableArrayList();
    private final ObservableList<String> names = FXCollections.observableArrayList();
    /** The load or unload going on, or last ended, per model key. */
    private final ObservableMap<String, ModelStatus> status = FXCollections.observableHashMap();
    private final ReadOnlyBooleanWrapper canLoad = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canUnload = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    public ModelsViewModel(Outgoing out, UiExecutor ui) {
        this.out = out;
        this.ui = ui;
    }

    public ObservableList<ModelInfo> models() {
        return models;
    }

    /** The keys of the models that chat (embedding models left out), for picking a thread's or the default model. */
    public ObservableList<String> names() {
        return names;
    }

    public ObservableMap<String, ModelStatus> status() {
        return status;
    }

    public ReadOnlyBooleanProperty canLoad() {
        return canLoad.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUnload() {
        return canUnload.getReadOnlyProperty();
    }

    /** What the list is from ("LM Studio: 2 of 5 models loaded"), or why it is empty. */
    public ReadOnlyStringProperty note() {
        return note.getReadOnlyProperty();
    }

    /** Asks the server for the list (again). */
    public void refresh() {
        out.send(null, new ClientMessage.Models());
    }

    public void load(ModelInfo m) {
        if (m == null || !canLoad.get() || isBusy(m.key())) {
            return;
        }
        status.put(m.key(), new ModelStatus(m.key(), ModelState.LOADING, 0.0, null, null));
        out.send(null, new ClientMessage.ModelLoad(m.key()));
    }

    public void unload(ModelInfo m) {
        if (m == null || !canUnload.get() || isBusy(m.key())) {
            return;
        }
        status.put(m.key(), new ModelStatus(m.key(), ModelState.LOADING, null, null, null));
        out.send(null, new ClientMessage.ModelUnload(m.key()));
    }

    /** A load or unload of it is under way. */
    public boolean isBusy(String key) {
        ModelStatus s = status.get(key);
        return s != null && s.state() == ModelState.LOADING;
    }

    // ---- network thread

    public void received(Models list) {
        ui.execute(() -> {
            models.setAll(list.models());
            names.setAll(list.models().stream().filter(m -> m.type() == null || !m.type().contains("embed"))
                    .map(ModelInfo::key).toList());
            canLoad.set(Boolean.TRUE.equals(list.canLoad()));
            canUnload.set(Boolean.TRUE.equals(list.canUnload()));
            note.set(describe(list));
        });
    }

    public void received(ModelStatus s) {
        ui.execute(() -> {
            status.put(s.model(), s);
            if (s.state() != ModelState.LOADING) {
                refresh(); // loaded or unloaded: the list says so, with the context it was loaded with
            }
        });
    }

    static String describe(Models list) {
        if (list.error() != null) {
            return list.error();
        }
        if (list.models().isEmpty()) {
            return "The model server lists no models";
        }
        if (!"lmstudio".equals(list.api())) {
            return "The models this server serves (it loads them itself)";
        }
        long loaded = list.models().stream().filter(m -> m.state() == ModelState.LOADED).count();
        return "LM Studio: " + loaded + " of " + list.models().size() + " models loaded";
    }

    /** "241 MB", "4.9 GB": sizes as people read them; empty when not known. */
    public static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes < 1_000_000_000L) {
            return Math.round(bytes / 1e6) + " MB";
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** "4,096 of 32,768" (loaded with of the most), "32,768", or empty. */
    public static String context(ModelInfo m) {
        if (m.maxContextLength() == null && m.contextLength() == null) {
            return "";
        }
        if (m.contextLength() == null) {
            return String.format(Locale.ROOT, "%,d", m.maxContextLength());
        }
        return m.maxContextLength() == null ? String.format(Locale.ROOT, "%,d", m.contextLength())
                : String.format(Locale.ROOT, "%,d of %,d", m.contextLength(), m.maxContextLength());
    }
}
