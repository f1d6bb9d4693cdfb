namespace Skiff.Api.Decoding;

/// <summary>How a strict decoder treats a JSON value: a model object, a list, a map, or free-form JSON.</summary>
internal enum FieldShapeKind
{
    /// <summary>A k8s.Models class: only its JSON properties are known, each at most once.</summary>
    Object,

    /// <summary>A list: each element has the element shape.</summary>
    List,

    /// <summary>A string-keyed map (labels, data, resources.limits, ...): any key, each at most once.</summary>
    Map,

    /// <summary>Untyped JSON (Go's interface{}): any key, each at most once, all the way down.</summary>
    FreeForm,
}
