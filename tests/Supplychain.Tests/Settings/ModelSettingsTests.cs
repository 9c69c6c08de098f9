using System.Text.Json.Nodes;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class ModelSettingsTests
{
    [Fact]
    public void Should_Read_A_Model_With_Its_Lineage()
    {
        var model = ReadYaml(Valid()).Spec.Models[0];

        Assert.Equal(("fraud-detector", "fraud", "1.4.2"), (model.Name, model.Team, model.Version));
        Assert.Equal(Digest, model.Artifact.Digest);
        Assert.Equal(Commit, model.Lineage!.CodeCommit);
        Assert.Equal("8", model.Lineage.Hyperparameters["maxDepth"]);
        Assert.Equal(0.962m, model.Lineage.Metrics["auc"]);
        Assert.Equal(new Components.Domain.ApprovalSpec("approved", "risk-board", "2026-11-02"), model.Lineage.Approval);
    }

    [Fact]
    public void Should_Fill_Serving_Defaults()
    {
        var config = Valid();
        Model(config, 0).AsObject().Remove("serving");

        var serving = ReadYaml(config).Spec.Models[0].Serving;

        Assert.Equal(new Components.Domain.ServingSpec(), serving);
        Assert.Equal([10, 50], serving.EffectiveCanarySteps);
        Assert.Equal((2, "500m", "1Gi", 0, 5, 8080), (serving.Replicas, serving.Cpu, serving.Memory, serving.Gpus, serving.CanaryPauseMinutes, serving.Port));
    }

    [Fact]
    public void Should_Accept_A_Model_Without_Lineage()
    {
        // Given a model that omits lineage entirely: valid config, the lineage pack judges it later
        var config = Valid();
        Model(config, 0).AsObject().Remove("lineage");

        var model = ReadYaml(config).Spec.Models[0];

        Assert.Null(model.Lineage);
    }

    [Fact]
    public void Should_Accept_A_Model_Without_Approval()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!.AsObject().Remove("approval");

        var lineage = ReadYaml(config).Spec.Models[0].Lineage!;

        Assert.Null(lineage.Approval);
        Assert.Equal(Commit, lineage.CodeCommit);
    }

    [Fact]
    public void Should_Accept_A_Lineage_With_Any_Field_Missing()
    {
        var config = Valid();
        Model(config, 0)["lineage"] = JsonNode.Parse("""{ "trainingRun": "run-7" }""");

        var lineage = ReadYaml(config).Spec.Models[0].Lineage!;

        Assert.Equal("run-7", lineage.TrainingRun);
        Assert.Null(lineage.DatasetDigest);
        Assert.Null(lineage.CodeCommit);
        Assert.Empty(lineage.Metrics);
    }

    [Fact]
    public void Should_Reject_A_Malformed_Artifact_Digest()
    {
        var config = Valid();
        Model(config, 1)["artifact"]!["digest"] = "sha256:abc";

        var error = SingleError(config);

        Assert.Equal(
            "Pulumi.dev.yaml: supplychain:models[1].artifact.digest: \"sha256:abc\" is not a valid digest; expected \"sha256:\" followed by 64 lowercase hex characters",
            error.ToString());
    }

    [Theory]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:3F1C2A9E8B7D6C5F4E3A2B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E")]
    public void Should_Reject_A_Malformed_Dataset_Digest(string digest)
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["datasetDigest"] = digest;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].lineage.datasetDigest", error.Key);
        Assert.Contains("is not a valid digest", error.Message);
    }

    [Theory]
    [InlineData("4e1d3c2")]
    [InlineData("4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d00")]
    [InlineData("zz1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d")]
    [InlineData("4E1D3C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D")]
    public void Should_Reject_A_Commit_That_Is_Not_40_Hex(string commit)
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["codeCommit"] = commit;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].lineage.codeCommit", error.Key);
        Assert.Equal($"\"{commit}\" is not a valid commit; expected a full git commit SHA: exactly 40 lowercase hex characters", error.Message);
    }

    [Theory]
    [InlineData("4e1d3c2", false)]
    [InlineData("4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d", true)]
    [InlineData("4E1D3C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D", false)]
    [InlineData("4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d\n", false)]
    public void Should_Accept_Exactly_The_Commits_LIN003_Accepts(string commit, bool valid)
    {
        // Given a commit, When the config reader and LIN003 judge it, Then they agree, and the remediation says the same rule
        var config = Valid();
        Model(config, 0)["lineage"]!["codeCommit"] = commit;
        bool readerAccepts;
        try { ReadYaml(config); readerAccepts = true; }
        catch (Supplychain.Stacks.Settings.ConfigurationException e) { readerAccepts = !e.Errors.Any(x => x.Key.EndsWith("codeCommit", StringComparison.Ordinal)); }
        Assert.Equal(valid, readerAccepts);
        Assert.Equal(valid, Supplychain.Policies.View.ServedModel.IsCommit(commit));
        Assert.Contains("exactly 40 lowercase hex", new Supplychain.Policies.Packs.Lineage.CodeCommitRecorded().Remediation);
    }

    [Fact]
    public void Should_Reject_Duplicate_Model_Names()
    {
        var config = Valid();
        Model(config, 1)["name"] = "fraud-detector";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[1].name", error.Key);
        Assert.Equal("\"fraud-detector\" is already declared at supplychain:models[0].name; expected unique model names", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Model_Naming_An_Unknown_Team()
    {
        var config = Valid();
        Model(config, 0)["team"] = "frauds";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].team", error.Key);
        Assert.Equal("\"frauds\" is not a declared team; expected one of fraud, search; did you mean fraud?", error.Message);
    }

    [Fact]
    public void Should_Reject_An_Unknown_Gpu_Pool()
    {
        var config = Valid();
        Model(config, 1)["serving"]!["gpuPool"] = "inferense";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[1].serving.gpuPool", error.Key);
        Assert.Equal("\"inferense\" is not a declared GPU pool; expected one of inference, training; did you mean inference?", error.Message);
    }

    [Fact]
    public void Should_Reject_Gpus_Without_Any_Pool()
    {
        var config = Valid();
        config.Remove("gpuPools");
        Model(config, 1)["serving"]!.AsObject().Remove("gpuPool");

        var error = SingleError(config);

        Assert.Equal("supplychain:models[1].serving.gpus", error.Key);
        Assert.Contains("no GPU pool is declared", error.Message);
    }

    [Fact]
    public void Should_Accept_Gpus_Without_A_Named_Pool_When_A_Pool_Exists()
    {
        var config = Valid();
        Model(config, 1)["serving"]!.AsObject().Remove("gpuPool");

        var serving = ReadYaml(config).Spec.Models[1].Serving;

        Assert.Equal(1, serving.Gpus);
        Assert.Null(serving.GpuPool);
    }

    [Fact]
    public void Should_Reject_More_Gpus_Per_Pod_Than_The_Pool_Has_Per_Node()
    {
        var config = Valid();
        Model(config, 1)["serving"]!["gpus"] = 2;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[1].serving.gpus", error.Key);
        Assert.Contains("exceed the 1 GPU(s) per node of pool \"inference\"", error.Message);
    }

    [Theory]
    [InlineData("[50, 10]", "supplychain:models[0].serving.canarySteps", "[50, 10] is not strictly increasing")]
    [InlineData("[10, 10]", "supplychain:models[0].serving.canarySteps", "[10, 10] is not strictly increasing")]
    [InlineData("[10, 100]", "supplychain:models[0].serving.canarySteps[1]", "100 is out of range; expected an integer from 1 to 99")]
    [InlineData("[0]", "supplychain:models[0].serving.canarySteps[0]", "0 is out of range; expected an integer from 1 to 99")]
    [InlineData("\"10,50\"", "supplychain:models[0].serving.canarySteps", "\"10,50\" is not a list")]
    public void Should_Reject_Bad_Canary_Steps(string steps, string key, string message)
    {
        var config = Valid();
        Model(config, 0)["serving"]!["canarySteps"] = JsonNode.Parse(steps);

        var error = SingleError(config);

        Assert.Equal(key, error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Should_Accept_Empty_Canary_Steps_As_An_Immediate_Rollout()
    {
        var config = Valid();
        Model(config, 0)["serving"]!["canarySteps"] = new JsonArray();

        Assert.Empty(ReadYaml(config).Spec.Models[0].Serving.EffectiveCanarySteps);
    }

    [Theory]
    [InlineData("replicas", 0, "0 is out of range; expected an integer from 1 to 100")]
    [InlineData("replicas", 101, "101 is out of range; expected an integer from 1 to 100")]
    [InlineData("gpus", 17, "17 is out of range; expected an integer from 0 to 16")]
    [InlineData("canaryPauseMinutes", 1441, "1441 is out of range; expected an integer from 1 to 1440")]
    [InlineData("port", 70000, "70000 is out of range; expected an integer from 1 to 65535")]
    public void Should_Reject_A_Serving_Value_Out_Of_Range(string field, int value, string message)
    {
        var config = Valid();
        Model(config, 0)["serving"]![field] = value;

        var error = SingleError(config);

        Assert.Equal($"supplychain:models[0].serving.{field}", error.Key);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("cpu", "half", "\"half\" is not a valid CPU quantity")]
    [InlineData("cpu", "0", "\"0\" is not a valid CPU quantity")]
    [InlineData("memory", "4GB", "\"4GB\" is not a valid memory quantity")]
    [InlineData("memory", "512m", "\"512m\" means thousandths of a byte; expected a memory quantity such as 512Mi")]
    public void Should_Reject_A_Bad_Resource_Quantity(string field, string value, string message)
    {
        var config = Valid();
        Model(config, 0)["serving"]!["resources"] = new JsonObject { [field] = value };

        var error = SingleError(config);

        Assert.Equal($"supplychain:models[0].serving.resources.{field}", error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Should_Read_Quantities_Written_As_Numbers()
    {
        // cpu: 2.5 unquoted in YAML is a number; it is still a valid quantity
        var config = Valid();
        Model(config, 0)["serving"]!["resources"] = JsonNode.Parse("""{ "cpu": 2.5, "memory": "4Gi" }""");

        var serving = ReadYaml(config).Spec.Models[0].Serving;

        Assert.Equal(("2.5", "4Gi"), (serving.Cpu, serving.Memory));
    }

    [Theory]
    [InlineData("ghcr.io/acme-ml/fraud-detector", "has neither a tag nor a digest")]
    [InlineData("ghcr.io/Acme/fraud-detector:1.0", "is not a valid OCI image reference")]
    [InlineData("ghcr.io/acme-ml/fraud-detector:1.0@sha256:abc", "is not a valid OCI image reference")]
    [InlineData("https://ghcr.io/acme-ml/fraud-detector:1.0", "is not a valid OCI image reference")]
    public void Should_Reject_An_Image_That_Is_Not_A_Pinned_Oci_Reference(string image, string message)
    {
        var config = Valid();
        Model(config, 0)["image"] = image;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].image", error.Key);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("fraud-detector:1.4.2")]
    [InlineData("localhost:5000/fraud-detector:1.4.2")]
    [InlineData("registry.example.com:443/ml/team/fraud-detector@sha256:3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e")]
    public void Should_Accept_Pinned_Image_References(string image)
    {
        var config = Valid();
        Model(config, 0)["image"] = image;

        Assert.Equal(image, ReadYaml(config).Spec.Models[0].Image);
    }

    [Theory]
    [InlineData("ftp://models/x", "has an unsupported scheme")]
    [InlineData("s3://", "names no location after s3://")]
    [InlineData("models/fraud.onnx", "has an unsupported scheme")]
    public void Should_Reject_An_Artifact_Uri_With_A_Bad_Scheme(string uri, string message)
    {
        var config = Valid();
        Model(config, 0)["artifact"]!["uri"] = uri;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].artifact.uri", error.Key);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("gs://bucket/model")]
    [InlineData("https://models.example.com/fraud/1.4.2/model.onnx")]
    [InlineData("oci://ghcr.io/acme-ml/models/fraud:1.4.2")]
    [InlineData("models:/fraud-detector/3")]
    public void Should_Accept_Every_Supported_Artifact_Scheme(string uri)
    {
        var config = Valid();
        Model(config, 0)["artifact"]!["uri"] = uri;

        Assert.Equal(uri, ReadYaml(config).Spec.Models[0].Artifact.Uri);
    }

    [Fact]
    public void Should_Require_The_Artifact()
    {
        var config = Valid();
        Model(config, 0).AsObject().Remove("artifact");

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].artifact", error.Key);
        Assert.StartsWith("is required", error.Message);
    }

    [Theory]
    [InlineData("status", "signed-off", "\"signed-off\" is not allowed; expected one of approved, pending, rejected")]
    [InlineData("at", "02/11/2026", "\"02/11/2026\" is not a valid date")]
    [InlineData("at", "2026-13-02", "\"2026-13-02\" is not a valid date")]
    public void Should_Reject_A_Malformed_Approval(string field, string value, string message)
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["approval"]![field] = value;

        var error = SingleError(config);

        Assert.Equal($"supplychain:models[0].lineage.approval.{field}", error.Key);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Should_Accept_An_Approval_Date_Time()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["approval"]!["at"] = "2026-11-02T14:30:00Z";

        Assert.Equal("2026-11-02T14:30:00Z", ReadYaml(config).Spec.Models[0].Lineage!.Approval!.At);
    }

    [Fact]
    public void Should_Require_A_Status_When_Approval_Is_Present()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["approval"]!.AsObject().Remove("status");

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].lineage.approval.status", error.Key);
    }

    [Fact]
    public void Should_Reject_A_Non_Numeric_Metric()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["metrics"]!["auc"] = "high";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].lineage.metrics.auc", error.Key);
        Assert.Equal("\"high\" is not a number; expected a number", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Hyperparameter_That_Is_Not_A_Scalar()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["hyperparameters"]!["layers"] = new JsonArray(64, 32);

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].lineage.hyperparameters.layers", error.Key);
        Assert.StartsWith("a list is not a scalar", error.Message);
    }

    [Fact]
    public void Should_Keep_Hyperparameters_As_Text()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["hyperparameters"] = JsonNode.Parse("""{ "learningRate": 0.05, "optimizer": "adam", "warmStart": true }""");

        var hyperparameters = ReadYaml(config).Spec.Models[0].Lineage!.Hyperparameters;

        Assert.Equal(new Dictionary<string, string> { ["learningRate"] = "0.05", ["optimizer"] = "adam", ["warmStart"] = "true" }, hyperparameters);
    }

    [Theory]
    [InlineData("1.4.2+build/7")]
    [InlineData("")]
    public void Should_Reject_A_Version_That_Is_Not_Label_Safe(string version)
    {
        var config = Valid();
        Model(config, 0)["version"] = version;

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].version", error.Key);
    }

    [Fact]
    public void Should_Reject_A_Model_Name_Longer_Than_50()
    {
        var config = Valid();
        Model(config, 0)["name"] = new string('m', 51);

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].name", error.Key);
        Assert.Contains("at most 50", error.Message);
    }

    [Fact]
    public void Should_Accept_An_Empty_Model_List()
    {
        var config = Valid();
        config["models"] = new JsonArray();

        Assert.Empty(ReadYaml(config).Spec.Models);
    }
}
