namespace Skiff.Api.Protobuf;

/// <summary>What a field (or a repeated field's element, or a map's value) holds, and so how it maps to JSON.</summary>
public enum ProtoType
{
    String,
    Bool,
    Int32,
    Int64,
    Double,

    /// <summary>Raw bytes; base64 in JSON.</summary>
    Bytes,

    /// <summary>A message of the schema; a JSON object.</summary>
    Message,

    /// <summary>metav1.Time {1: seconds, 2: nanos}; RFC 3339 with whole seconds in JSON.</summary>
    Time,

    /// <summary>metav1.MicroTime {1: seconds, 2: nanos}; RFC 3339 with six fractional digits in JSON.</summary>
    MicroTime,

    /// <summary>resource.Quantity {1: string}; the string in JSON.</summary>
    Quantity,

    /// <summary>intstr.IntOrString {1: type, 2: intVal, 3: strVal}; a number or a string in JSON.</summary>
    IntOrString,

    /// <summary>runtime.RawExtension {1: raw}; raw holds JSON, which is embedded as is.</summary>
    RawExtension,

    /// <summary>metav1.FieldsV1 {1: Raw}; Raw holds JSON, which is embedded as is.</summary>
    FieldsV1,
}
