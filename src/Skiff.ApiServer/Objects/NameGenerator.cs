namespace Skiff.ApiServer.Objects;

/// <summary>Completes generateName as upstream's SimpleNameGenerator: the prefix plus 5 random characters.</summary>
public static class NameGenerator
{
    // Upstream's alphabet leaves out vowels and look-alike characters so that generated names never spell words.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int MaxNameLength = 63;
    private const int RandomLength = 5;

    public static string Generate(string prefix)
    {
        if (prefix.Length > MaxNameLength - RandomLength)
        {
            prefix = prefix[..(MaxNameLength - RandomLength)];
        }

        Span<char> suffix = stackalloc char[RandomLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return prefix + new string(suffix);
    }
}
