"""What a rebuild reuses: the up-to-date fingerprint and the render cache, beside the package."""
