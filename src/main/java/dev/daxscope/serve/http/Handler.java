package dev.daxscope.serve.http;

/** Answers one request; an exception it throws is answered 500 and noted in the log. */
@FunctionalInterface
public interface Handler {
    Response answer(RequestHead request);
}
