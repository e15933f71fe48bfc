"""The shared site repository (git): per-post state, Get latest and Send, without Qt."""
