package dev.daxscope.model;

/**
 * One fault, zap or signal, as the inspector's fault log shows it.
 *
 * @param seq     position in the event stream (gaps mean dropped events)
 * @param nanos   simulated-kernel time stamp (System.nanoTime of the event)
 * @param kind    FAULT, ZAP or SIGNAL
 * @param pid     process id
 * @param address virtual address
 * @param device  device name, e.g. dax0.1
 * @param pgoff   device page offset
 * @param folio   folio index within the device, -1 if none
 * @param level   PTE, PMD, PUD or "-"
 * @param result  ok, or the signal / errno token
 */
public record FaultEvent(long seq, long nanos, Kind kind, int pid, long address, String device, long pgoff, long folio,
                         String level, String result) {

    public enum Kind { FAULT, ZAP, SIGNAL }
}
