package dev.nova.server.llm;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.server.identity.Role;
import dev.nova.server.ws.Client;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code models}, {@code model_load} and {@code model_unload}: the model server's models, asked
 * off the socket's thread (the model server may take seconds), answered to the sender. Loading
 * is open to everyone (asking a model loads it anyway); unloading stops everyone's answers from
 * that model, so it is for admins.
 */
public final class ModelHandlers {
    private static final Logger log = LoggerFactory.getLogger(ModelHandlers.class);
    private final ModelCatalog catalog;
    private final Executor work;

    public ModelHandlers(ModelCatalog catalog, Executor work) {
        this.catalog = catalog;
        this.work = work;
    }

    public void list(Client c, Envelope<ClientMessage> frame, ClientMessage.Models m) {
        work.execute(() -> c.send(null, catalog.list()));
    }

    public void load(Client c, Envelope<ClientMessage> frame, ClientMessage.ModelLoad m) {
        work.execute(() -> {
            log.info("{} loads a model", c.identity().name());
            catalog.load(m.model(), status -> c.send(null, status));
        });
    }

    public void unload(Client c, Envelope<ClientMessage> frame, ClientMessage.ModelUnload m) {
        if (c.identity().role() != Role.ADMIN) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "type",
                    "unloading a model stops everyone's answers from it: an admin key may, this one may not");
        }
        work.execute(() -> {
            log.info("{} unloads a model", c.identity().name());
            c.send(null, catalog.unload(m.model()));
        });
    }
}
