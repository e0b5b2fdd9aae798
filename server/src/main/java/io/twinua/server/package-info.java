package io.twinua.server;
