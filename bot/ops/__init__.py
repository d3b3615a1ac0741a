"""What an operator watches: health, readiness and Prometheus metrics on the ops port."""
