package io.jnsq.protocol;

/** The V2 commands a client may send, named as on the wire. */
public enum Verb {
    FIN, RDY, REQ, TOUCH, NOP, PUB, MPUB, DPUB, SUB, CLS, IDENTIFY, AUTH
}
