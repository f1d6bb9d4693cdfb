namespace Skiff.Client;

/// <summary>What a list asks for: selectors in their URL syntax, paging, and the resourceVersion to read at.</summary>
public sealed record ListRequest(
    string? LabelSelector = null,
    string? FieldSelector = null,
    int Limit = 0,
    string? Continue = null,
    string? ResourceVersion = null);
