package dev.affinity.testing;

/** A tenant created for a test, with its all-scopes API key and admin login. */
public record TestTenant(String id, String name, String apiKey, String adminEmail, String adminPassword) {
}
