package dev.daxscope.ui;

import java.util.List;
import java.util.function.ToDoubleBiFunction;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/**
 * The one way the maps zoom: the mouse wheel around the pointer, + / − / 0 and Page Up / Page
 * Down on the focused canvas, and −, +, Fit buttons for the mouse-only and keyboard-only user alike.
 */
interface Zoom {
    /** Zooms by {@code factor} (2 = twice as close), keeping the point at {@code fraction} (0..1) of the view in place. */
    void zoom(double factor, double fraction);

    /** Moves the view by {@code fraction} of its width (negative: towards the start). */
    void pan(double fraction);

    /** Shows everything again. */
    void fit();

    /** Where the keys and buttons zoom, 0..1 of the view: the middle, unless a view has a selected cell. */
    default double focusFraction() {
        return 0.5;
    }

    /**
     * Wires {@code canvas} to this zoom; {@code fractionAt} says where a pointer position falls in
     * the view. Returns the header buttons; {@code what} names what Fit shows.
     */
    default List<Button> install(Canvas canvas, ToDoubleBiFunction<Double, Double> fractionAt, String what) {
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                zoom(e.getDeltaY() > 0 ? 2 : 0.5, fractionAt.applyAsDouble(e.getX(), e.getY()));
            }
        });
        canvas.setFocusTraversable(true);
        canvas.setOnKeyPressed(e -> {
            switch (e.getCode()) {
                case PLUS, EQUALS, ADD -> zoom(2, focusFraction());
                case MINUS, SUBTRACT -> zoom(0.5, focusFraction());
                case DIGIT0, NUMPAD0, HOME -> fit();
                case PAGE_UP -> pan(-0.5);
                case PAGE_DOWN -> pan(0.5);
                default -> {
                    return;
                }
            }
            e.consume();
        });
        Button out = new Button("−");
        Button in = new Button("+");
        Button all = new Button("Fit");
        out.setOnAction(e -> zoom(0.5, focusFraction()));
        in.setOnAction(e -> zoom(2, focusFraction()));
        all.setOnAction(e -> fit());
        out.setTooltip(new Tooltip("Zoom out (−)"));
        in.setTooltip(new Tooltip("Zoom in (+, or the mouse wheel over the map)"));
        all.setTooltip(new Tooltip("Show " + what + " (0); Page Up / Page Down move along it when zoomed in"));
        return List.of(out, in, all);
    }
}
