package dev.affinity.gpu.similarity;

/**
 * How a query is scored against an item. COSINE divides the dot product by both vectors' norms
 * (computed once per call for queries and once per catalogue for items); a zero vector scores 0.
 */
public enum Metric {
  DOT,
  COSINE
}
