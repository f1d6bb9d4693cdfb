namespace Skiff.Api.FieldManagement;

/// <summary>The shape of a value in the field-management schema.</summary>
public enum SchemaKind
{
    /// <summary>A string, number, boolean, time, quantity or anything else owned as one leaf.</summary>
    Scalar,

    /// <summary>An object with named fields (a k8s.Models class).</summary>
    Struct,

    /// <summary>An object with arbitrary string keys (labels, data, resource lists).</summary>
    Map,

    /// <summary>A list: atomic, a set of scalars, or associative (keyed items).</summary>
    List,
}
