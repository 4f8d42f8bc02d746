package api

import "net/http"

// ListProducts serves GET /products.
// Implements: API-001
func ListProducts(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Spec", "API-002") // the header value is a string, not a reference
	w.WriteHeader(http.StatusOK)
}

/* Rate limiting middleware. @impl API-002 */
func RateLimit(next http.Handler) http.Handler { return next }
