namespace Skiff.Api.Selectors;

/// <summary>The operators a field selector term can use ('=' and '==' are the same).</summary>
public enum FieldSelectorOperator
{
    /// <summary><c>field=value</c> or <c>field==value</c></summary>
    Equals,

    /// <summary><c>field!=value</c></summary>
    NotEquals,
}
