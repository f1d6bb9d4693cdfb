using k8s.Models;
using Skiff.Api.Admission;

namespace Skiff.ApiServer.Registry;

/// <summary>Mutating admission that depends on the server's settings (upstream's admission plugins), after defaulting.</summary>
public sealed partial class ObjectStore
{
    /// <summary>The not-ready/unreachable tolerations every pod gets (kube-apiserver's DefaultTolerationSeconds plugin).</summary>
    public DefaultTolerationSeconds DefaultTolerations { get; init; } = new();

    /// <summary>Runs on creates and on updates of the object itself, never of a subresource, as upstream's admission chain.</summary>
    private void Admit(object obj)
    {
        if (obj is V1Pod pod)
        {
            DefaultTolerations.Apply(pod);
        }
    }
}
