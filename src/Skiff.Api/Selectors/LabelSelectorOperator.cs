namespace Skiff.Api.Selectors;

/// <summary>The operators of a label requirement, as apimachinery's selection.Operator.</summary>
public enum LabelSelectorOperator
{
    /// <summary><c>key in (a,b)</c></summary>
    In,

    /// <summary><c>key notin (a,b)</c></summary>
    NotIn,

    /// <summary><c>key=value</c></summary>
    Equals,

    /// <summary><c>key==value</c></summary>
    DoubleEquals,

    /// <summary><c>key!=value</c></summary>
    NotEquals,

    /// <summary><c>key</c></summary>
    Exists,

    /// <summary><c>!key</c></summary>
    DoesNotExist,

    /// <summary><c>key&gt;5</c> (integer comparison)</summary>
    GreaterThan,

    /// <summary><c>key&lt;5</c> (integer comparison)</summary>
    LessThan,
}
