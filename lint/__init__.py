"""kubelint: a linter and policy checker for Kubernetes and Istio manifests."""

__version__ = "0.1.0"
