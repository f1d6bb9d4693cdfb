using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// The pod-template-hash of a deployment's template (upstream's controller.ComputeHash) and upstream's
/// EqualIgnoreHash. Upstream feeds FNV-32a with a Go struct dump of the template, which no other program can
/// reproduce byte for byte; Skiff feeds it the template's canonical JSON instead (see <see cref="Canonical"/>),
/// so a hash is stable for equal templates and differs for different ones, but is not the one kube-controller-manager
/// would print for the same template. The rest is upstream's: the collision count is mixed in as 8 more bytes, and
/// the 32-bit sum's decimal digits are mapped onto SafeEncodeString's alphabet.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    /// <summary>Upstream's rand.SafeEncodeString alphabet: no vowels (no words) and no look-alikes such as 0/o, 1/l, 3/e.</summary>
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// The hash for a template and the deployment's status.collisionCount.
    /// </summary>
    /// <example>
    /// A sum of 1815823120 is written "1815823120"; each digit's character code indexes the 27-letter alphabet
    /// modulo 27 ('1' = 49, 49 % 27 = 22 → '5'; '8' = 56 → 2 → 'd'; '0' = 48 → 21 → '4'), giving "5d59d67564".
    /// Digits 0-9 map to "456789bcdf", so a suffix is at most 10 characters and never spells a word.
    /// </example>
    public static string Compute(V1PodTemplateSpec? template, int? collisionCount)
    {
        var hash = FnvOffset;
        hash = Fnv(hash, Canonical(template, withoutHashLabel: false));
        if (collisionCount is { } count)
        {
            // As upstream: the count as a little-endian uint32 in an 8-byte buffer, all 8 bytes hashed.
            Span<byte> bytes = stackalloc byte[8];
            bytes.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv(hash, bytes);
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Whether two templates are equal apart from their pod-template-hash labels.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) =>
        Canonical(a, withoutHashLabel: true).AsSpan().SequenceEqual(Canonical(b, withoutHashLabel: true));

    /// <summary>
    /// The template as compact JSON with object keys in ordinal order and nulls, empty lists and empty objects left
    /// out: the same template gives the same bytes whatever order its maps were built in, and — like upstream's
    /// semantic equality, which treats nil and empty alike — an omitted list equals an empty one.
    /// </summary>
    public static byte[] Canonical(V1PodTemplateSpec? template, bool withoutHashLabel)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template ?? new V1PodTemplateSpec()));
        if (withoutHashLabel && node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(Label);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!WriteCanonical(writer, node))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        return buffer.ToArray();
    }

    internal static string SafeEncode(string digits)
    {
        var text = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            text.Append(Alphabet[c % Alphabet.Length]);
        }

        return text.ToString();
    }

    private static uint Fnv(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * FnvPrime);
        }

        return hash;
    }

    /// <summary>Writes the node canonically; returns false (writing nothing) for values that are left out.</summary>
    private static bool WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return false;
            case JsonObject obj:
                var members = obj.Where(p => !IsOmitted(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                if (members.Count == 0)
                {
                    return false;
                }

                writer.WriteStartObject();
                foreach (var (key, value) in members)
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                return true;
            case JsonArray array:
                if (array.Count == 0)
                {
                    return false;
                }

                writer.WriteStartArray();
                foreach (var item in array)
                {
                    if (!WriteCanonical(writer, item))
                    {
                        writer.WriteNullValue(); // keep positions: [a, {}] and [a] differ
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                node.WriteTo(writer);
                return true;
        }
    }

    private static bool IsOmitted(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.All(p => IsOmitted(p.Value)),
        JsonArray array => array.Count == 0,
        _ => false,
    };
}
