using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Tests.Support;
using static Supplychain.Tests.Cost.CostHarness;

namespace Supplychain.Tests.Cost;

public sealed class CostArithmeticTests
{
    private static ResourceView G5Pool(string capacityType) => Resource("gpu-pools-inference-nodegroup", "aws:eks/nodeGroup:NodeGroup", new MapValue
    {
        ["instanceTypes"] = new ListValue { "g5.2xlarge" },
        ["scalingConfig"] = new MapValue { ["minSize"] = 1, ["desiredSize"] = 1, ["maxSize"] = 4 },
        ["capacityType"] = capacityType,
        ["amiType"] = "AL2023_x86_64_NVIDIA",
    }, "gpu-pools", "inference");

    [Fact]
    public void Should_Price_An_OnDemand_G5_Pool_At_Min_Average_And_Max_Nodes()
    {
        // Given an EKS node group of g5.2xlarge (1.212 USD/h in the catalog), min 1, max 4, on demand
        Assert.Equal(1.212m, Catalog.Instance("aws", "us-east-1", "g5.2xlarge")!.HourlyUsd);
        Assert.Equal(730m, Catalog.HoursPerMonth);

        // When it is estimated on an aws stack
        var estimate = CostModel.Estimate([G5Pool("ON_DEMAND"), .. RegionOf(DeploymentTarget.Aws)], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);

        // Then min = 1 × 1.212 × 730, max = 4 × 1.212 × 730, expected = the average of min and max nodes (2.5)
        var line = Assert.Single(estimate.Lines);
        Assert.Equal(884.76m, line.MinUsd);
        Assert.Equal(2211.90m, line.ExpectedUsd);
        Assert.Equal(3539.04m, line.MaxUsd);
        Assert.Equal("g5.2xlarge × 1–4 nodes", line.Item);
        Assert.Equal("aws us-east-1 g5.2xlarge 1.212 USD/h", line.Basis);
        Assert.Empty(estimate.Unpriced);
        Assert.Contains(estimate.Assumptions, a => a.Contains("average of the two (expected)", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Price_A_Spot_G5_Pool_At_The_Catalog_Spot_Discount()
    {
        // Given the same pool on spot capacity (AWS spot discount 0.65 in the catalog: 1.212 × 0.35 = 0.4242 USD/h)
        Assert.Equal(0.65m, Catalog.SpotDiscount("aws"));

        // When it is estimated
        var estimate = CostModel.Estimate([G5Pool("SPOT"), .. RegionOf(DeploymentTarget.Aws)], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);

        // Then every bound is 35% of on-demand, and the assumption says so
        var line = Assert.Single(estimate.Lines);
        Assert.Equal(309.666m, line.MinUsd);
        Assert.Equal(774.165m, line.ExpectedUsd);
        Assert.Equal(1238.664m, line.MaxUsd);
        Assert.Equal("g5.2xlarge × 1–4 nodes (spot)", line.Item);
        Assert.Contains(estimate.Assumptions, a => a.Contains("less 65%", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Price_A_Local_Pods_Requests_At_OpenCost_Rates()
    {
        // Given a Deployment in team-fraud: 2 replicas of one container requesting 500m CPU, 1Gi memory and 1 GPU
        var deployment = Resource("models-fraud-detector-deployment", "kubernetes:apps/v1:Deployment", new MapValue
        {
            ["metadata"] = new MapValue { ["name"] = "fraud-detector", ["namespace"] = "team-fraud" },
            ["spec"] = new MapValue
            {
                ["replicas"] = 2,
                ["template"] = new MapValue
                {
                    ["spec"] = new MapValue
                    {
                        ["containers"] = new ListValue
                        {
                            new MapValue
                            {
                                ["name"] = "server",
                                ["resources"] = new MapValue
                                {
                                    ["requests"] = new MapValue { ["cpu"] = "500m", ["memory"] = "1Gi", ["nvidia.com/gpu"] = "1" },
                                    ["limits"] = new MapValue { ["cpu"] = "500m", ["memory"] = "1Gi", ["nvidia.com/gpu"] = "1" },
                                },
                            },
                        },
                    },
                },
            },
        }, "models", "fraud-detector");

        // When it is estimated on a local stack with the catalog's OpenCost rates
        var estimate = CostModel.Estimate([deployment], SampleSpecs.Context(), SampleSpecs.Dev(), Catalog, null);

        // Then cpu 0.5 × 2 × 730 × 0.031611, memory 1 × 2 × 730 × 0.004237, gpu 1 × 2 × 730 × 0.95, all attributed to team fraud
        Assert.Equal(
            [("cpu 0.5 core × 2 replicas", 23.07603m), ("memory 1 GiB × 2 replicas", 6.18602m), ("gpu 1 × 2 replicas", 1387.00m)],
            estimate.Lines.Select(l => (l.Item, l.MaxUsd)).ToList());
        Assert.All(estimate.Lines, l => Assert.Equal(l.MinUsd, l.MaxUsd));
        Assert.Equal(1416.26205m, estimate.ExpectedUsd);
        Assert.Equal(1416.26205m, estimate.ExpectedByTeam["fraud"]);
        Assert.Equal("models", estimate.Lines[0].Component);
        Assert.Contains(estimate.Assumptions, a => a.Contains("OpenCost", StringComparison.Ordinal) && a.Contains("0.031611", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Bound_Replicas_By_The_HorizontalPodAutoscaler()
    {
        // Given a 1-core Deployment scaled by an HPA between 1 and 3 replicas
        var deployment = Resource("api-deployment", "kubernetes:apps/v1:Deployment", new MapValue
        {
            ["metadata"] = new MapValue { ["name"] = "api", ["namespace"] = "platform" },
            ["spec"] = new MapValue
            {
                ["replicas"] = 1,
                ["template"] = new MapValue { ["spec"] = new MapValue { ["containers"] = new ListValue { new MapValue { ["resources"] = new MapValue { ["requests"] = new MapValue { ["cpu"] = "1" } } } } } },
            },
        });
        var hpa = Resource("api-hpa", CostModel.HpaType, new MapValue
        {
            ["metadata"] = new MapValue { ["name"] = "api", ["namespace"] = "platform" },
            ["spec"] = new MapValue { ["minReplicas"] = 1, ["maxReplicas"] = 3, ["scaleTargetRef"] = new MapValue { ["kind"] = "Deployment", ["name"] = "api" } },
        });

        // When it is estimated
        var line = Assert.Single(CostModel.Estimate([deployment, hpa], SampleSpecs.Context(), null, Catalog, null).Lines);

        // Then min = 1, max = 3 and expected = 2 replicas of 0.031611 × 730 = 23.07603 per replica
        Assert.Equal((23.07603m, 46.15206m, 69.22809m), (line.MinUsd, line.ExpectedUsd, line.MaxUsd));
    }

    [Fact]
    public void Should_Price_Volumes_Per_GiB_Month_Including_StatefulSet_Claim_Templates()
    {
        // Given a 10Gi PVC and a 2-replica StatefulSet with a 5Gi claim template
        var pvc = Resource("artifacts-pvc", "kubernetes:core/v1:PersistentVolumeClaim", new MapValue
        {
            ["spec"] = new MapValue { ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = "10Gi" } } },
        });
        var sts = Resource("mlflow-db", "kubernetes:apps/v1:StatefulSet", new MapValue
        {
            ["spec"] = new MapValue
            {
                ["replicas"] = 2,
                ["template"] = new MapValue { ["spec"] = new MapValue { ["containers"] = new ListValue() } },
                ["volumeClaimTemplates"] = new ListValue { new MapValue { ["spec"] = new MapValue { ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = "5Gi" } } } } },
            },
        });

        // When they are estimated at 0.04 USD per GiB-month
        var estimate = CostModel.Estimate([pvc, sts], SampleSpecs.Context(), null, Catalog, null);

        // Then 10 × 0.04 and 2 × 5 × 0.04
        Assert.Equal([("artifacts-pvc", 0.40m), ("mlflow-db", 0.40m)], estimate.Lines.Select(l => (l.Resource, l.MaxUsd)).ToList());
    }

    [Fact]
    public void Should_Price_A_Helm_Release_From_Its_Values_Or_List_It_As_Unpriced()
    {
        // Given one release whose values set requests (2 replicas × 250m, 256Mi) and one whose values set none
        var sized = Resource("monitoring-release", "kubernetes:helm.sh/v3:Release", new MapValue
        {
            ["chart"] = "kube-prometheus-stack", ["version"] = "65.1.0", ["namespace"] = "monitoring",
            ["values"] = new MapValue
            {
                ["grafana"] = new MapValue { ["replicas"] = 2, ["resources"] = new MapValue { ["requests"] = new MapValue { ["cpu"] = "250m", ["memory"] = "256Mi" } } },
                ["alertmanager"] = new MapValue { ["enabled"] = false, ["resources"] = new MapValue { ["requests"] = new MapValue { ["cpu"] = "8" } } },
            },
        });
        var opaque = Resource("release-argocd", "kubernetes:helm.sh/v3:Release", new MapValue
        {
            ["chart"] = "argo-cd", ["version"] = "7.7.0", ["namespace"] = "argocd", ["values"] = new MapValue { ["global"] = new MapValue { ["domain"] = "argocd.local" } },
        });

        // When they are estimated
        var estimate = CostModel.Estimate([sized, opaque], SampleSpecs.Context(), null, Catalog, null);

        // Then the sized release has cpu and memory lines (the disabled component is skipped), the other is unpriced inside the chart
        Assert.Equal(
            [("kube-prometheus-stack@65.1.0 values.grafana: cpu 0.25 core × 2 replicas", 11.538015m), ("kube-prometheus-stack@65.1.0 values.grafana: memory 0.25 GiB × 2 replicas", 1.546505m)],
            estimate.Lines.Select(l => (l.Item, l.MaxUsd)).ToList());
        var unpriced = Assert.Single(estimate.Unpriced);
        Assert.Equal(("release-argocd", UnpricedKind.InsideChart), (unpriced.Resource, unpriced.Kind));
        Assert.Contains("resources set inside the chart", unpriced.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_List_An_Instance_Type_Missing_From_The_Catalog_As_Unpriced_Never_Zero()
    {
        // Given a node group of an instance type the catalog does not hold
        var group = Resource("gpu-pools-training-nodegroup", "aws:eks:NodeGroup", new MapValue
        {
            ["instanceTypes"] = new ListValue { "p9.mega" },
            ["scalingConfig"] = new MapValue { ["minSize"] = 0, ["maxSize"] = 2 },
        });

        // When it is estimated
        var estimate = CostModel.Estimate([group, .. RegionOf(DeploymentTarget.Aws)], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);

        // Then it has no line (not a $0 one) and is unpriced as a catalog gap
        Assert.Empty(estimate.Lines);
        var unpriced = Assert.Single(estimate.Unpriced);
        Assert.Equal(UnpricedKind.NotInCatalog, unpriced.Kind);
        Assert.Contains("'p9.mega'", unpriced.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Price_Azure_Resources_By_Sku_And_Attribute_Teams_By_Tag()
    {
        // Given an AKS spot GPU agent pool (Standard_NC24ads_A100_v4, 0..2), a Premium_P1 Redis, a Standard ACR, and a team-tagged PostgreSQL D2ds_v5
        IReadOnlyList<ResourceView> resources =
        [
            Resource("gpu-pools-training-agentpool", "azure-native:containerservice:AgentPool", new MapValue
            {
                ["vmSize"] = "Standard_NC24ads_A100_v4", ["enableAutoScaling"] = true, ["minCount"] = 0, ["maxCount"] = 2, ["scaleSetPriority"] = "Spot",
            }),
            Resource("feast-redis", "azure-native:redis:Redis", new MapValue { ["sku"] = new MapValue { ["name"] = "Premium", ["family"] = "P", ["capacity"] = 1 } }),
            Resource("artifacts-registry", "azure-native:containerregistry:Registry", new MapValue { ["sku"] = new MapValue { ["name"] = "Standard" } }),
            Resource("mlflow-postgres", "azure-native:dbforpostgresql:Server", new MapValue
            {
                ["sku"] = new MapValue { ["name"] = "Standard_D2ds_v5", ["tier"] = "GeneralPurpose" },
                ["storage"] = new MapValue { ["storageSizeGB"] = 32 },
                ["tags"] = new MapValue { ["team"] = "fraud" },
            }),
        ];

        // When they are estimated on an azure stack
        var estimate = CostModel.Estimate([.. resources, .. RegionOf(DeploymentTarget.Azure)], SampleSpecs.Context(DeploymentTarget.Azure), null, Catalog, null);

        // Then: pool 3.673 × 0.3 × 730 per node (0 / 1 / 2 nodes), Redis 0.555 × 730, ACR 20 flat, PostgreSQL 0.178 × 730 + 32 × 0.115 (eastus)
        Assert.Equal(
        [
            ("gpu-pools-training-agentpool", 0m, 804.387m, 1608.774m),
            ("feast-redis", 405.15m, 405.15m, 405.15m),
            ("artifacts-registry", 20m, 20m, 20m),
            ("mlflow-postgres", 129.94m, 129.94m, 129.94m),
            ("mlflow-postgres", 3.68m, 3.68m, 3.68m),
        ], estimate.Lines.Select(l => (l.Resource, l.MinUsd, l.ExpectedUsd, l.MaxUsd)).ToList());
        Assert.Equal(133.62m, estimate.ExpectedByTeam["fraud"]);
        Assert.Empty(estimate.Unpriced);
    }
}

public sealed class CloudResourceCoverageTests
{
    private static IReadOnlyList<ResourceView> CloudResources() => Policies.View.ProgramViews.From(
        Components.Yaml.PulumiYamlReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Cost", "cloud-resources.yaml"))));

    [Fact]
    public void Should_Price_Every_Aws_Type_Of_The_Type_Checked_Program()
    {
        var estimate = CostModel.Estimate([.. CloudResources(), .. RegionOf(DeploymentTarget.Aws)], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);
        Assert.Empty(estimate.Unpriced);
        // c1 belongs to a replication group, priced there; rg1 runs numCacheClusters (2) nodes; db1 is Multi-AZ
        Assert.Equal(["db1", "ecr1", "eks1", "kms1", "lb1", "nat1", "rg1"], estimate.ByResource.Keys.ToArray());
        Assert.Equal(0.032m * 730 * 2 + 20 * 0.115m * 2, estimate.ByResource["db1"].Max);
        Assert.Equal(0.032m * 730 * 2, estimate.ByResource["rg1"].Max);
        Assert.Equal(0.0225m * 730, estimate.ByResource["lb1"].Max);
    }

    [Fact]
    public void Should_Price_Every_Azure_Type_Of_The_Type_Checked_Program()
    {
        var estimate = CostModel.Estimate([.. CloudResources(), .. RegionOf(DeploymentTarget.Azure)], SampleSpecs.Context(DeploymentTarget.Azure), null, Catalog, null);
        Assert.Empty(estimate.Unpriced);
        Assert.Equal(["acr1", "lb2", "mc1", "nat2", "pg1", "r1", "sa1"], estimate.ByResource.Keys.ToArray());
        // mc1: Standard tier control plane 0.1 × 730 plus its profile of D4s_v5 1..3 nodes (0.192 × 730 per node)
        Assert.Equal((73m + 140.16m, 73m + 280.32m, 73m + 420.48m), estimate.ByResource["mc1"]);
        Assert.Equal(0.555m * 730 * 2, estimate.ByResource["r1"].Max); // Premium P1 × 2 shards
        Assert.Equal(0.178m * 730 * 2 + 32 * 0.115m, estimate.ByResource["pg1"].Max); // zone-redundant HA doubles compute
        Assert.Equal(100 * 0.01m, estimate.ByResource["sa1"].Max); // 100 GB assumed, cool tier
    }
}
