package dev.steward.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM an orderly exit with status 0 (the JVM's default is 143), which is what service managers and
 * orchestrators expect after a graceful stop. The handler calls {@code System.exit(0)}, which runs the shutdown hooks
 * that drain and close Steward.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: it is the JDK's only signal API, and naming it in source makes
 * javac warn about an internal API, which the build treats as an error.
 */
final class TerminationSignal {

    private TerminationSignal() {}

    static void exitZeroOnTerm() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    TerminationSignal.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            Thread.ofPlatform().name("sigterm-exit").start(() -> System.exit(0));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "SIGTERM handler";
                        };
                    });
            Object term = signalType.getConstructor(String.class).newInstance("TERM");
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            handle.invoke(null, term, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(TerminationSignal.class)
                    .atWarn()
                    .addKeyValue("event", "signal_handler_unavailable")
                    .log("SIGTERM still stops Steward gracefully, but the exit status will be 143: {}", e.toString());
        }
    }
}
