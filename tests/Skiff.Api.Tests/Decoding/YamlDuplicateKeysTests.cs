using Skiff.Api.Decoding;

namespace Skiff.Api.Tests.Decoding;

public class YamlDuplicateKeysTests
{
    [Fact]
    public void A_document_without_repeated_keys_has_none()
    {
        Assert.Empty(YamlDuplicateKeys.Find("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, labels: {a: b}}
            data:
              a: "1"
              b: "2"
            list:
            - {a: 1}
            - {a: 1}
            """));
    }

    [Fact]
    public void Each_repeat_names_the_line_of_its_value_and_inner_repeats_come_first()
    {
        // go-yaml decodes a value before storing it, so the repeats inside the second "spec" are found before it.
        const string yaml = """
            kind: Deployment
            spec:
              replicas: 1
            spec:
              replicas: 2
              replicas: 3
              template:
                spec:
                  containers:
                  - name: a
                    name: b
            kind: Deployment
            """;
        Assert.Equal(
            ["line 6: key \"replicas\" already set in map", "line 11: key \"name\" already set in map",
             "line 5: key \"spec\" already set in map", "line 12: key \"kind\" already set in map"],
            YamlDuplicateKeys.Find(yaml));
    }

    [Fact]
    public void Flow_mappings_json_and_typed_keys_are_read_as_go_yaml_reads_them()
    {
        Assert.Equal(["line 1: key \"a\" already set in map"], YamlDuplicateKeys.Find("""{"a": 1, "b": 2, "a": 3}"""));
        // A plain 1 is an integer key and a quoted "1" a string key: different keys to go-yaml.
        Assert.Equal(["line 3: key 1 already set in map"], YamlDuplicateKeys.Find("1: a\n\"1\": b\n1: c\n"));
    }

    [Fact]
    public void Only_the_first_document_is_read()
    {
        Assert.Empty(YamlDuplicateKeys.Find("a: 1\n---\na: 1\na: 2\n"));
    }
}
