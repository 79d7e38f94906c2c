package dev.assay.agent.memory;

/** The class of an exemplar. */
public enum Label { SAFE, UNSAFE }
