package dev.brisk.controller.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request answered before its body was read (refused by authentication, a limit, a bad name): the body is read
 * and dropped, so that the client can finish sending and read the answer, and no byte of it is ever taken for the
 * next request on the connection (Helidon reads the rest of an unread body as the next request, even after
 * {@code Connection: close}: behind nginx's keep-alive upstream connections that is another client's request).
 * Reading costs time, not memory. Above {@link #DRAIN_LIMIT}, more than nginx forwards ({@code client_max_body_size
 * 65M}), the answer says {@code Connection: close} and what Helidon does with the rest is its own.
 * <p>
 * A body the resource read whole is marked as read (request property {@link #READ}) by this class as a reader
 * interceptor, and left alone: asking Jersey about a consumed body throws, which cost every invoke an exception.
 */
@Provider
@Priority(100)
public class UnreadBodyFilter implements ContainerResponseFilter, ReaderInterceptor {
    /** Above the largest body nginx forwards, and the 48 MB code limit. */
    static final long DRAIN_LIMIT = 128L << 20;
    /** Set once the body was read into an entity and its stream closed: nothing is left to drain. */
    static final String READ = UnreadBodyFilter.class.getName() + ".read";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        // Jersey closes the stream after reading an entity that is not itself a stream (InboundMessageContext)
        if (!(entity instanceof Closeable)) {
            context.setProperty(READ, Boolean.TRUE);
        }
        return entity;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(READ) != null) {
            return;
        }
        try {
            if (!request.hasEntity()) {
                return;
            }
            InputStream body = request.getEntityStream();
            byte[] sink = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
            if (left <= 0 && body.read() >= 0) {
                response.getHeaders().putSingle("Connection", "close");
            }
        } catch (IllegalStateException consumed) {
            // the resource read the body and closed it (not through an entity this class saw): nothing is left
        } catch (IOException e) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }
}
