using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Http;

/// <summary>Writes JSON responses and Status errors (in protobuf for clients that prefer it).</summary>
public static class Responses
{
    public const string Json = "application/json";

    public static Task WriteBytesAsync(HttpContext context, int statusCode, byte[] json)
    {
        var (body, contentType) = ProtobufResponses.Choose(context.Request, json);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteObjectAsync(HttpContext context, int statusCode, object value) =>
        WriteBytesAsync(context, statusCode, ObjectCodec.SerializeToUtf8(value));

    /// <summary>Writes a DTO (Table, discovery documents) with plain System.Text.Json rules.</summary>
    public static Task WriteDtoAsync<T>(HttpContext context, T value, JsonSerializerOptions? options = null) =>
        WriteBytesAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(value, options ?? DtoOptions));

    /// <summary>
    /// Writes a metav1.Status. KubernetesClient's V1Status converter only reads, so the JSON is built here, with
    /// upstream's field order.
    /// </summary>
    public static Task WriteStatusAsync(HttpContext context, V1Status status) =>
        WriteBytesAsync(context, status.Code ?? 500, StatusJson(status));

    public static byte[] StatusJson(V1Status status)
    {
        var json = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = status.Status,
        };
        if (status.Message is not null)
        {
            json["message"] = status.Message;
        }

        if (status.Reason is not null)
        {
            json["reason"] = status.Reason;
        }

        if (status.Details is { } details)
        {
            json["details"] = JsonSerializer.SerializeToNode(details, ObjectCodec.SerializerOptions);
        }

        json["code"] = status.Code;
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    public static readonly JsonSerializerOptions DtoOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
