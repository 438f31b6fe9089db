package dev.nova.protocol;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/** Turns what Jackson's parser throws into protocol errors a person can act on. */
final class Failures {
    private Failures() {}

    static ProtocolException translate(IOException e, String root) {
        if (causedBy(e, StreamConstraintsException.class)) {
            return new ProtocolException(ErrorCode.INVALID_MESSAGE, root,
                    "exceeds a limit (nesting deeper than " + ProtocolCodec.MAX_DEPTH + ", or a number or string too long)");
        }
        if (causedBy(e, InputCoercionException.class)) {
            return new ProtocolException(ErrorCode.INVALID_MESSAGE, root, "number out of range");
        }
        return new ProtocolException(ErrorCode.INVALID_JSON, "frame: not valid JSON");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
