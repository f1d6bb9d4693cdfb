using System.Text.Json;

namespace Skiff.ApiServer.Objects;

/// <summary>
/// Puts a serialized metadata.managedFields into an object's stored bytes where the serializer itself would write it,
/// so that a create computes its managedFields from the bytes it stores without serializing the object twice.
/// </summary>
/// <remarks>
/// The k8s.Models ObjectMeta serializes its fields in alphabetical order: managedFields comes after labels and before
/// name, namespace, ownerReferences, resourceVersion, selfLink and uid. The result must equal what serializing the
/// model with the entries gives, byte for byte, or a later update that changes nothing would still see a difference.
/// </remarks>
public static class ManagedFieldsSplice
{
    private static readonly byte[] Property = "\"managedFields\":"u8.ToArray();

    public static byte[] Insert(byte[] stored, ReadOnlySpan<byte> managedFields)
    {
        var metadataStart = ObjectCodec.FindTopLevelMetadataObjectStart(stored);
        if (metadataStart < 0)
        {
            throw new InvalidOperationException("the object has no metadata");
        }

        var reader = new Utf8JsonReader(stored.AsSpan(metadataStart));
        reader.Read(); // the metadata's StartObject
        var insertAt = -1;
        var hasFields = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            hasFields = true;
            if (reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("namespace"u8) || reader.ValueTextEquals("ownerReferences"u8)
                || reader.ValueTextEquals("resourceVersion"u8) || reader.ValueTextEquals("selfLink"u8) || reader.ValueTextEquals("uid"u8))
            {
                insertAt = metadataStart + checked((int)reader.TokenStartIndex);
                break;
            }

            reader.Read();
            reader.Skip();
        }

        bool leadingComma, trailingComma;
        if (insertAt < 0)
        {
            // After the last field: the reader stands on the metadata's closing brace.
            insertAt = metadataStart + checked((int)reader.TokenStartIndex);
            (leadingComma, trailingComma) = (hasFields, false);
        }
        else
        {
            (leadingComma, trailingComma) = (false, true);
        }

        var extra = Property.Length + managedFields.Length + (leadingComma || trailingComma ? 1 : 0);
        var result = new byte[stored.Length + extra];
        var offset = 0;
        stored.AsSpan(0, insertAt).CopyTo(result);
        offset += insertAt;
        if (leadingComma)
        {
            result[offset++] = (byte)',';
        }

        Property.CopyTo(result.AsSpan(offset));
        offset += Property.Length;
        managedFields.CopyTo(result.AsSpan(offset));
        offset += managedFields.Length;
        if (trailingComma)
        {
            result[offset++] = (byte)',';
        }

        stored.AsSpan(insertAt).CopyTo(result.AsSpan(offset));
        return result;
    }
}
