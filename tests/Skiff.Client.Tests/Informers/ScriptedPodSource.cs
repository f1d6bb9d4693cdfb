using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Client.Tests.Informers;

/// <summary>
/// An API that serves pods from a list the test sets and watch events the test pushes; a pushed
/// <see cref="KubeApiException"/> ends the current watch with that error.
/// </summary>
internal sealed class ScriptedPodSource : IKubeClient
{
    private Channel<object> stream = Channel.CreateUnbounded<object>();

    public List<V1Pod> Pods { get; set; } = [];

    public string ListResourceVersion { get; set; } = "10";

    public int Lists { get; private set; }

    public List<string> WatchedFrom { get; } = [];

    public void Push(WatchEventKind kind, V1Pod pod) => stream.Writer.TryWrite(new WatchEvent<V1Pod>(kind, pod));

    public void Fail(KubeApiException error) => stream.Writer.TryWrite(error);

    public static V1Pod Pod(string name, string rv, string? ownerUid = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            ResourceVersion = rv,
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Uid = ownerUid, Name = "owner", Kind = "ReplicaSet", ApiVersion = "apps/v1" }],
        },
    };

    public Task<ObjectList<T>> ListAsync<T>(string? ns, ListRequest? request = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Lists++;
        return Task.FromResult(new ObjectList<T>([.. Pods.Cast<T>()], ListResourceVersion, null));
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchRequest request, [EnumeratorCancellation] CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        WatchedFrom.Add(request.ResourceVersion);
        await foreach (var item in stream.Reader.ReadAllAsync(ct))
        {
            if (item is KubeApiException error)
            {
                stream = Channel.CreateUnbounded<object>();
                throw error;
            }

            var e = (WatchEvent<V1Pod>)item;
            yield return new WatchEvent<T>(e.Type, (T)(object)e.Object);
        }
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> GetAsync<T>(string? ns, string name, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> UpdateSubresourceAsync<T>(T obj, string subresource, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> PatchAsync<T>(string? ns, string name, PatchKind kind, string patch, string? subresource = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task CreateSubresourceAsync<T>(string? ns, string name, string subresource, object body, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();
}
