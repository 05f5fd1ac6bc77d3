// The pinned dependencies of every JBang script. Scripts name this file in a //SOURCES line, and
// JBang reads the //DEPS below from it, so versions live in one place (lib/pom.xml mirrors them,
// and DependenciesTest checks that the two agree).
// TensorFlow's GPU natives (NVIDIA, CUDA) replace the CPU ones with one switch:
//   ./jbang -Dtensorflow.native.suffix=-gpu kanizsa      (linux-x86_64-gpu; Maven: -Dnative.classifier=linux-x86_64-gpu)
//DEPS org.tensorflow:tensorflow-core-api:1.1.0
//DEPS org.tensorflow:tensorflow-core-native:1.1.0:${os.detected.classifier}${tensorflow.native.suffix:}
//DEPS org.tensorflow:tensorflow-framework:1.1.0
//DEPS tech.tablesaw:tablesaw-core:0.44.4
//DEPS com.fasterxml.jackson.core:jackson-databind:2.17.2
//DEPS info.picocli:picocli:4.7.6
//DEPS me.tongfei:progressbar:0.10.1
//DEPS org.slf4j:slf4j-nop:2.0.12
//DEPS net.razorvine:pickle:1.5
//DEPS org.apache.commons:commons-math3:3.6.1
//DEPS org.knowm.xchart:xchart:3.8.8
//DEPS org.tribuo:tribuo-classification-sgd:4.3.2
//DEPS com.google.protobuf:protobuf-java:3.25.6
//DEPS com.google.guava:guava:33.3.1-jre
//JAVA 17+
package illusions;

/** Marker class: carries the //DEPS directives that JBang scripts inherit. */
public final class Dependencies {
    private Dependencies() {}
}
