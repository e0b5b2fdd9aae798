package io.twinua.switcher;
