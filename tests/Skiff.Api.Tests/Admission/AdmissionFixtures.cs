using k8s;
using k8s.Models;
using Skiff.Api.Admission;

namespace Skiff.Api.Tests.Admission;

/// <summary>Valid example objects as users write them, and the decode-default-validate path the API server runs.</summary>
internal static class AdmissionFixtures
{
    public const string NginxReplicationController = """
        {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"nginx-rc","namespace":"default"},
         "spec":{"replicas":3,"selector":{"app":"nginx"},
           "template":{"metadata":{"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.17","ports":[{"containerPort":80}]}]}}}}
        """;

    public const string ReplicaSetWithExpressions = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"frontend","namespace":"default","labels":{"tier":"frontend"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"tier":"frontend"},
             "matchExpressions":[{"key":"env","operator":"In","values":["prod","staging"]},{"key":"legacy","operator":"DoesNotExist"}]},
           "template":{"metadata":{"labels":{"tier":"frontend","env":"prod"}},
             "spec":{"containers":[{"name":"php-redis","image":"gcr.io/google_samples/gb-frontend:v3"}]}}}}
        """;

    public const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"name":"http","containerPort":80}],
               "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}},
               "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"}},
               "livenessProbe":{"tcpSocket":{"port":80}},
               "env":[{"name":"MODE","value":"prod"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
               "volumeMounts":[{"name":"cache","mountPath":"/cache"}]}],
             "volumes":[{"name":"cache","emptyDir":{}}]}}}}
        """;

    public const string StatefulSet = """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
         "spec":{"serviceName":"db","replicas":3,"selector":{"matchLabels":{"app":"db"}},
           "template":{"metadata":{"labels":{"app":"db"}},
             "spec":{"containers":[{"name":"postgres","image":"postgres:16","ports":[{"name":"pg","containerPort":5432}],
               "volumeMounts":[{"name":"data","mountPath":"/var/lib/postgresql/data"}]}]}},
           "volumeClaimTemplates":[{"metadata":{"name":"data"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
        """;

    public const string HeadlessService = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"default"},
         "spec":{"clusterIP":"None","selector":{"app":"db"},"ports":[{"name":"pg","port":5432}]}}
        """;

    public const string Service = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}
        """;

    public const string HorizontalPodAutoscaler = """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
           "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}},
                      {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}}],
           "behavior":{"scaleDown":{"stabilizationWindowSeconds":300,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}}}
        """;

    public const string ConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"app.properties":"a=b","LOG_LEVEL":"info"}}
        """;

    public const string Secret = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds","namespace":"default"},"data":{"password":"c2VjcmV0"}}
        """;

    public const string Namespace = """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}
        """;

    public const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"tool","namespace":"default"},
         "spec":{"containers":[{"name":"tool","image":"busybox","command":["sleep","3600"],"resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}
        """;

    public static T Parse<T>(string json) => KubernetesJson.Deserialize<T>(json);

    /// <summary>Decode, let the test change the user's input, then default: what the API server hands to validation.</summary>
    public static T Admitted<T>(string json, Action<T>? edit = null)
    {
        var obj = Parse<T>(json);
        edit?.Invoke(obj);
        ObjectDefaulter.Apply(obj!);
        return obj;
    }

    public static string Json(object obj) => KubernetesJson.Serialize(obj);
}
