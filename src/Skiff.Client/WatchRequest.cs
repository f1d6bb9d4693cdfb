namespace Skiff.Client;

/// <summary>What a watch follows: changes after a resourceVersion (as a list returned it), optionally filtered.</summary>
public sealed record WatchRequest(
    string ResourceVersion,
    string? LabelSelector = null,
    string? FieldSelector = null,
    TimeSpan? Timeout = null);
