package dev.assay.protocol.flow;

/** Which way a segment went: from end {@code a} (the flow's initiator) to {@code b}, or back. */
public enum Direction { A_TO_B, B_TO_A }
