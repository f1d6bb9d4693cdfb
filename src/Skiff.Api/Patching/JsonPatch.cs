using System.Globalization;
using System.Text.Json.Nodes;

namespace Skiff.Api.Patching;

/// <summary>
/// JSON Patch (RFC 6902), as sent with <c>application/json-patch+json</c> (kubectl rollout undo, patch --type=json).
/// Semantics and error texts follow gopkg.in/evanphx/json-patch.v4, the library kube-apiserver uses: negative array
/// indices count from the end, and <c>replace</c> of a missing member of an existing object adds it (only a missing
/// parent fails).
/// </summary>
public static class JsonPatch
{
    private const string MissingValue = "missing value";
    private const string InvalidIndex = "invalid index referenced";

    /// <summary>
    /// Applies the operations in <paramref name="patch"/> (a JSON array) in order and returns the patched document.
    /// <paramref name="document"/> is deep-cloned first and never mutated. Throws <see cref="PatchException"/> with
    /// status 400 for a malformed patch and 422 when an operation does not apply (the whole patch is then discarded).
    /// </summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new PatchException(
                $"json: cannot unmarshal {GoJsonKind(patch)} into Go value of type jsonpatch.Patch", PatchException.BadRequest);
        }

        var root = document?.DeepClone();
        foreach (var element in operations)
        {
            if (element is not null and not JsonObject)
            {
                throw new PatchException(
                    $"json: cannot unmarshal {GoJsonKind(element)} into Go value of type jsonpatch.Operation", PatchException.BadRequest);
            }

            root = ApplyOperation(root, element as JsonObject ?? []);
        }

        return root;
    }

    private static JsonNode? ApplyOperation(JsonNode? root, JsonObject operation)
    {
        var kind = ReadString(operation, "op") ?? "unknown";
        return kind switch
        {
            "add" => Add(root, operation),
            "remove" => Remove(root, operation),
            "replace" => Replace(root, operation),
            "move" => Move(root, operation),
            "test" => Test(root, operation),
            "copy" => Copy(root, operation),
            _ => throw Fail($"Unexpected kind: {kind}"),
        };
    }

    private static JsonNode? Add(JsonNode? root, JsonObject operation)
    {
        var path = ReadString(operation, "path") ?? throw Fail($"add operation failed to decode path: {MissingValue}");
        var (container, key) = FindParent(root, path);
        if (container is null)
        {
            throw Fail($"add operation does not apply: doc is missing path: \"{path}\": {MissingValue}");
        }

        var error = AddTo(container, key, Value(operation));
        return error is null ? root : throw Fail($"error in add for path: '{path}': {error}");
    }

    private static JsonNode? Remove(JsonNode? root, JsonObject operation)
    {
        var path = ReadString(operation, "path") ?? throw Fail($"remove operation failed to decode path: {MissingValue}");
        var (container, key) = FindParent(root, path);
        if (container is null)
        {
            throw Fail($"remove operation does not apply: doc is missing path: \"{path}\": {MissingValue}");
        }

        var error = RemoveFrom(container, key, out _);
        return error is null ? root : throw Fail($"error in remove for path: '{path}': {error}");
    }

    private static JsonNode? Replace(JsonNode? root, JsonObject operation)
    {
        var path = ReadString(operation, "path")
            ?? throw Fail($"replace operation failed to decode path: operation missing path field: {MissingValue}");
        var value = Value(operation);
        if (path.Length == 0)
        {
            return value is JsonObject or JsonArray ? value : throw Fail("replace operation value must be object or array");
        }

        var (container, key) = FindParent(root, path);
        if (container is null)
        {
            throw Fail($"replace operation does not apply: doc is missing path: {path}: {MissingValue}");
        }

        if (Get(container, key, out _) is not null)
        {
            throw Fail($"replace operation does not apply: doc is missing key: {path}: {MissingValue}");
        }

        switch (container)
        {
            case JsonObject obj:
                obj[key] = value;
                break;
            case JsonArray array:
                array[ResolveExistingIndex(array, key)] = value;
                break;
        }

        return root;
    }

    private static JsonNode? Move(JsonNode? root, JsonObject operation)
    {
        var from = ReadString(operation, "from")
            ?? throw Fail($"move operation failed to decode from: operation, missing from field: {MissingValue}");
        var (source, sourceKey) = FindParent(root, from);
        if (source is null)
        {
            throw Fail($"move operation does not apply: doc is missing from path: {from}: {MissingValue}");
        }

        JsonNode? moved = null;
        var error = Get(source, sourceKey, out _) ?? RemoveFrom(source, sourceKey, out moved);
        if (error is not null)
        {
            throw Fail($"error in move for path: '{sourceKey}': {error}");
        }

        var path = ReadString(operation, "path")
            ?? throw Fail($"move operation failed to decode path: operation missing path field: {MissingValue}");
        var (target, targetKey) = FindParent(root, path);
        if (target is null)
        {
            throw Fail($"move operation does not apply: doc is missing destination path: {path}: {MissingValue}");
        }

        error = AddTo(target, targetKey, moved);
        return error is null ? root : throw Fail($"error in move for path: '{path}': {error}");
    }

    private static JsonNode? Test(JsonNode? root, JsonObject operation)
    {
        var path = ReadString(operation, "path")
            ?? throw Fail($"test operation failed to decode path: operation missing path field: {MissingValue}");
        var expected = Value(operation);
        if (path.Length == 0)
        {
            return JsonNode.DeepEquals(root, expected) ? root : throw TestFailed(path);
        }

        var (container, key) = FindParent(root, path);
        if (container is null)
        {
            throw Fail($"test operation does not apply: is missing path: {path}: {MissingValue}");
        }

        var error = Get(container, key, out var actual);
        if (error is not null)
        {
            throw Fail($"error in test for path: '{path}': {error}");
        }

        // A missing member and an explicit null are the same to the upstream library.
        return JsonNode.DeepEquals(actual, expected) ? root : throw TestFailed(path);
    }

    private static JsonNode? Copy(JsonNode? root, JsonObject operation)
    {
        var from = ReadString(operation, "from")
            ?? throw Fail($"copy operation failed to decode from: operation, missing from field: {MissingValue}");
        var (source, sourceKey) = FindParent(root, from);
        if (source is null)
        {
            throw Fail($"copy operation does not apply: doc is missing from path: {from}: {MissingValue}");
        }

        var error = Get(source, sourceKey, out var value);
        if (error is not null)
        {
            throw Fail($"error in copy for from: '{from}': {error}");
        }

        var path = ReadString(operation, "path") ?? throw Fail($"copy operation failed to decode path: {MissingValue}");
        var (target, targetKey) = FindParent(root, path);
        if (target is null)
        {
            throw Fail($"copy operation does not apply: doc is missing destination path: {path}: {MissingValue}");
        }

        error = AddTo(target, targetKey, value?.DeepClone());
        return error is null ? root : throw Fail($"error while adding value during copy: {error}");
    }

    /// <summary>Walks all but the last pointer segment; null when any step is missing, null or a scalar.</summary>
    private static (JsonNode? Container, string Key) FindParent(JsonNode? root, string path)
    {
        var segments = path.Split('/');
        if (segments.Length < 2)
        {
            return (null, string.Empty);
        }

        var node = root;
        foreach (var segment in segments.AsSpan(1, segments.Length - 2))
        {
            if (node is not JsonObject and not JsonArray || Get(node, DecodeSegment(segment), out var next) is not null)
            {
                return (null, string.Empty);
            }

            node = next;
        }

        return node is JsonObject or JsonArray ? (node, DecodeSegment(segments[^1])) : (null, string.Empty);
    }

    private static string DecodeSegment(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Reads a member or element; a missing object member reads as null without error, as upstream.</summary>
    private static string? Get(JsonNode container, string key, out JsonNode? value)
    {
        value = null;
        if (container is JsonObject obj)
        {
            obj.TryGetPropertyValue(key, out value);
            return null;
        }

        var array = (JsonArray)container;
        if (!TryParseIndex(key, out var index, out var parseError))
        {
            return parseError;
        }

        var resolved = index < 0 ? index + array.Count : index;
        if (resolved < 0 || resolved >= array.Count)
        {
            return InvalidIndexMessage(index);
        }

        value = array[resolved];
        return null;
    }

    private static string? AddTo(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = (JsonArray)container;
        if (key == "-")
        {
            array.Add(value);
            return null;
        }

        if (!TryParseIndex(key, out var index, out var parseError))
        {
            return $"value was not a proper array index: '{key}': {parseError}";
        }

        var size = array.Count + 1;
        var resolved = index < 0 ? index + size : index;
        if (index >= size || resolved < 0)
        {
            return InvalidIndexMessage(index);
        }

        array.Insert(resolved, value);
        return null;
    }

    private static string? RemoveFrom(JsonNode container, string key, out JsonNode? removed)
    {
        removed = null;
        if (container is JsonObject obj)
        {
            return obj.Remove(key, out removed) ? null : $"Unable to remove nonexistent key: {key}: {MissingValue}";
        }

        var array = (JsonArray)container;
        if (!TryParseIndex(key, out var index, out var parseError))
        {
            return parseError;
        }

        var resolved = index < 0 ? index + array.Count : index;
        if (index >= array.Count || resolved < 0)
        {
            return InvalidIndexMessage(index);
        }

        removed = array[resolved];
        array.RemoveAt(resolved);
        return null;
    }

    private static int ResolveExistingIndex(JsonArray array, string key)
    {
        // Only called after Get succeeded, so the key parses and is in range.
        var index = int.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return index < 0 ? index + array.Count : index;
    }

    private static bool TryParseIndex(string key, out int index, out string? error)
    {
        if (int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
        {
            error = null;
            return true;
        }

        error = $"strconv.Atoi: parsing \"{key}\": invalid syntax";
        return false;
    }

    private static string InvalidIndexMessage(int index) => $"Unable to access invalid index: {index}: {InvalidIndex}";

    private static string? ReadString(JsonObject operation, string name) =>
        operation.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : null;

    private static PatchException TestFailed(string path) => Fail($"testing value {path} failed: test failed");

    private static PatchException Fail(string message) => new(message, PatchException.UnprocessableEntity);

    private static string GoJsonKind(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        null => "null",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "bool",
        },
    };
}
