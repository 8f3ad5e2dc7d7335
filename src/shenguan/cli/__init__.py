"""The thin command-line layer: parse options, call one core function, render, exit."""
