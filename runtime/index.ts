// The kernel model's public surface (issue 3).
export {};
