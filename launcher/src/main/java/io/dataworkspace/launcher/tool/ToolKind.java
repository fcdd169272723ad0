package io.dataworkspace.launcher.tool;

/** A tool is started per user; a visualisation is one shared app with many viewers. */
public enum ToolKind {
    TOOL, VISUALISATION;

    public String wireName() {
        return name().toLowerCase();
    }
}
